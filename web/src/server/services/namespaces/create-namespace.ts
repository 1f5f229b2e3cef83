import "server-only";
import { slugify } from "@omnimesh/db/names";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError, isUniqueViolation } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { namespaceSelect, type TNamespace, toNamespace, ZNamespaceSlug } from "./namespace-select";

export const ZCreateNamespaceInput = z.object({
  name: z.string().trim().min(1, "Name is required").max(100),
  /** Defaults to the slugified name. */
  slug: ZNamespaceSlug.optional(),
  description: z.string().trim().max(1000).default(""),
});
export type TCreateNamespaceInput = z.output<typeof ZCreateNamespaceInput>;

export function slugTaken(slug: string): AppError {
  return new AppError("CONFLICT", `A namespace with slug "${slug}" already exists`, {
    fields: { slug: "This slug is already used in your organization" },
  });
}

export async function createNamespace(orgId: string, actor: TActor, input: TCreateNamespaceInput): Promise<TNamespace> {
  const slug = input.slug ?? slugify(input.name);
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.namespace.create({
        data: { orgId, name: input.name, slug, description: input.description },
        select: namespaceSelect,
      });
      const namespace = toNamespace(row);
      await recordAudit(tx, {
        orgId,
        actor,
        action: "namespace.create",
        targetType: "namespace",
        targetId: namespace.id,
        after: namespace,
      });
      return namespace;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken(slug);
    throw error;
  }
}
