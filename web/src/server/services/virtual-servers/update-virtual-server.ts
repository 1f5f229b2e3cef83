import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError, isUniqueViolation } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { virtualServerNameTaken } from "./create-virtual-server";
import { resolveEntries } from "./resolve-entries";
import { ZVirtualEntries, ZVirtualServerDescription, ZVirtualServerName } from "./virtual-server-input";
import { type TVirtualServer, toVirtualServer, virtualServerSelect } from "./virtual-server-select";

/** Absent fields stay as they are; `entries`, when given, replaces the whole list. */
export const ZUpdateVirtualServerInput = z.object({
  id: ZObjectId,
  name: ZVirtualServerName.optional(),
  description: ZVirtualServerDescription.optional(),
  enabled: z.boolean().optional(),
  entries: ZVirtualEntries.optional(),
});
export type TUpdateVirtualServerInput = z.output<typeof ZUpdateVirtualServerInput>;

export async function updateVirtualServer(
  orgId: string,
  actor: TActor,
  input: TUpdateVirtualServerInput,
): Promise<TVirtualServer> {
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.virtualServer.findFirst({ where: { id: input.id, orgId }, select: virtualServerSelect });
      if (!row) throw AppError.notFound("Virtual server");
      const entries = input.entries ? await resolveEntries(tx, orgId, row.namespaceId, input.entries) : undefined;
      const after = toVirtualServer(
        await tx.virtualServer.update({
          where: { id: row.id },
          data: {
            name: input.name,
            description: input.description,
            enabled: input.enabled,
            ...(entries ? { entries: { deleteMany: {}, create: entries } } : {}),
          },
          select: virtualServerSelect,
        }),
      );
      await recordAudit(tx, {
        orgId,
        actor,
        action: "virtual_server.update",
        targetType: "virtual_server",
        targetId: row.id,
        before: toVirtualServer(row),
        after,
      });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error) && input.name) throw virtualServerNameTaken(input.name);
    throw error;
  }
}
