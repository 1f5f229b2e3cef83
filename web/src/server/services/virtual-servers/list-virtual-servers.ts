import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { type TVirtualServer, toVirtualServer, virtualServerSelect } from "./virtual-server-select";

export const ZListVirtualServersInput = z.object({
  /** Only this namespace's virtual servers; all of the org's when absent. */
  namespaceId: ZObjectId.optional(),
});
export type TListVirtualServersInput = z.output<typeof ZListVirtualServersInput>;

const MAX_VIRTUAL_SERVERS = 1_000;

export async function listVirtualServers(orgId: string, input: TListVirtualServersInput): Promise<TVirtualServer[]> {
  if (input.namespaceId) {
    const namespace = await db.namespace.findFirst({ where: { id: input.namespaceId, orgId }, select: { id: true } });
    if (!namespace) throw AppError.notFound("Namespace");
  }
  const rows = await db.virtualServer.findMany({
    where: { orgId, ...(input.namespaceId ? { namespaceId: input.namespaceId } : {}) },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: MAX_VIRTUAL_SERVERS,
    select: virtualServerSelect,
  });
  return rows.map(toVirtualServer);
}
