import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError, isUniqueViolation } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { slugTaken } from "./create-namespace";
import { namespaceSelect, type TNamespace, toNamespace, ZNamespaceSlug, ZObjectId } from "./namespace-select";

export const ZUpdateNamespaceInput = z.object({
  id: ZObjectId,
  name: z.string().trim().min(1, "Name is required").max(100).optional(),
  slug: ZNamespaceSlug.optional(),
  description: z.string().trim().max(1000).optional(),
});
export type TUpdateNamespaceInput = z.output<typeof ZUpdateNamespaceInput>;

export async function updateNamespace(orgId: string, actor: TActor, input: TUpdateNamespaceInput): Promise<TNamespace> {
  const { id, ...changes } = input;
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.namespace.findFirst({ where: { id, orgId }, select: namespaceSelect });
      if (!before) throw AppError.notFound("Namespace");
      const after = toNamespace(await tx.namespace.update({ where: { id }, data: changes, select: namespaceSelect }));
      await recordAudit(tx, {
        orgId,
        actor,
        action: "namespace.update",
        targetType: "namespace",
        targetId: id,
        before: toNamespace(before),
        after,
      });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error) && changes.slug) throw slugTaken(changes.slug);
    throw error;
  }
}
