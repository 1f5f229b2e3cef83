import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { namespaceSelect, type TNamespace, toNamespace, ZNamespaceSlug, ZObjectId } from "./namespace-select";

export const ZGetNamespaceInput = z.union([z.object({ id: ZObjectId }), z.object({ slug: ZNamespaceSlug })]);
export type TGetNamespaceInput = z.output<typeof ZGetNamespaceInput>;

/** A namespace of the org, by id or slug; another org's namespace is NOT_FOUND like a missing one. */
export async function getNamespace(orgId: string, input: TGetNamespaceInput): Promise<TNamespace> {
  const row = await db.namespace.findFirst({
    where: "id" in input ? { orgId, id: input.id } : { orgId, slug: input.slug },
    select: namespaceSelect,
  });
  if (!row) throw AppError.notFound("Namespace");
  return toNamespace(row);
}
