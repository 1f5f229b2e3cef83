import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError, isUniqueViolation } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { resolveEntries } from "./resolve-entries";
import { ZVirtualEntries, ZVirtualServerDescription, ZVirtualServerName } from "./virtual-server-input";
import { type TVirtualServer, toVirtualServer, virtualServerSelect } from "./virtual-server-select";

export const ZCreateVirtualServerInput = z.object({
  namespaceId: ZObjectId,
  name: ZVirtualServerName,
  description: ZVirtualServerDescription.default(""),
  enabled: z.boolean().default(true),
  entries: ZVirtualEntries.default([]),
});
export type TCreateVirtualServerInput = z.output<typeof ZCreateVirtualServerInput>;

export function virtualServerNameTaken(name: string): AppError {
  return new AppError("CONFLICT", `A virtual server named "${name}" already exists in this namespace`, {
    fields: { name: "This name is already used in the namespace" },
  });
}

/** Composes entries of the namespace's servers into a new virtual server. */
export async function createVirtualServer(
  orgId: string,
  actor: TActor,
  input: TCreateVirtualServerInput,
): Promise<TVirtualServer> {
  try {
    return await db.$transaction(async (tx) => {
      const namespace = await tx.namespace.findFirst({ where: { id: input.namespaceId, orgId }, select: { id: true } });
      if (!namespace) throw AppError.notFound("Namespace");
      const entries = await resolveEntries(tx, orgId, namespace.id, input.entries);
      const virtualServer = toVirtualServer(
        await tx.virtualServer.create({
          data: {
            orgId,
            namespaceId: namespace.id,
            name: input.name,
            description: input.description,
            enabled: input.enabled,
            entries: { create: entries },
          },
          select: virtualServerSelect,
        }),
      );
      await recordAudit(tx, {
        orgId,
        actor,
        action: "virtual_server.create",
        targetType: "virtual_server",
        targetId: virtualServer.id,
        after: virtualServer,
      });
      return virtualServer;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw virtualServerNameTaken(input.name);
    throw error;
  }
}
