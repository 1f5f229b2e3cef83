import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { serverSelect, type TServer, toServer } from "./server-select";

export const ZListServersInput = z.object({
  /** Only this namespace's servers; all of the org's when absent. */
  namespaceId: ZObjectId.optional(),
});
export type TListServersInput = z.output<typeof ZListServersInput>;

const MAX_SERVERS = 1_000;

export async function listServers(orgId: string, input: TListServersInput): Promise<TServer[]> {
  if (input.namespaceId) {
    const namespace = await db.namespace.findFirst({ where: { id: input.namespaceId, orgId }, select: { id: true } });
    if (!namespace) throw AppError.notFound("Namespace");
  }
  const rows = await db.mcpServer.findMany({
    where: { orgId, ...(input.namespaceId ? { namespaceId: input.namespaceId } : {}) },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: MAX_SERVERS,
    select: serverSelect,
  });
  return rows.map(toServer);
}
