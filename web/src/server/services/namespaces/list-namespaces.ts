import "server-only";
import { db } from "~/server/db";
import { namespaceSelect, type TNamespace, toNamespace } from "./namespace-select";

const MAX_NAMESPACES = 500;

export async function listNamespaces(orgId: string): Promise<TNamespace[]> {
  const rows = await db.namespace.findMany({
    where: { orgId },
    orderBy: { name: "asc" },
    take: MAX_NAMESPACES,
    select: namespaceSelect,
  });
  return rows.map(toNamespace);
}
