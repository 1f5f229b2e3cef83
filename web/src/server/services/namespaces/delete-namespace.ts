import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { namespaceSelect, toNamespace, ZObjectId } from "./namespace-select";

export const ZDeleteNamespaceInput = z.object({ id: ZObjectId });
export type TDeleteNamespaceInput = z.output<typeof ZDeleteNamespaceInput>;

/** Deletes the namespace and, by cascade, its servers, virtual servers, policies and limits. */
export async function deleteNamespace(
  orgId: string,
  actor: TActor,
  input: TDeleteNamespaceInput,
): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const before = await tx.namespace.findFirst({ where: { id: input.id, orgId }, select: namespaceSelect });
    if (!before) throw AppError.notFound("Namespace");
    await tx.namespace.delete({ where: { id: input.id }, select: { id: true } });
    await recordAudit(tx, {
      orgId,
      actor,
      action: "namespace.delete",
      targetType: "namespace",
      targetId: input.id,
      before: toNamespace(before),
    });
    return { id: input.id };
  });
}
