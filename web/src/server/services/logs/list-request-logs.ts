import "server-only";
import type { Prisma } from "@omnimesh/db/client";
import { z } from "zod";
import { db } from "~/server/db";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { afterKeyset, decodeKeysetCursor, keysetPage, parseBigIntId } from "~/server/services/pagination/keyset-cursor";

export const REQUEST_STATUSES = ["ok", "error", "denied", "rate_limited", "unauthorized"] as const;

export const ZListRequestLogsInput = z.object({
  namespaceId: ZObjectId.optional(),
  serverId: ZObjectId.optional(),
  status: z.enum(REQUEST_STATUSES).optional(),
  method: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Opaque; the `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
});
export type TListRequestLogsInput = z.output<typeof ZListRequestLogsInput>;

const requestLogSelect = {
  id: true,
  namespaceId: true,
  serverId: true,
  apiKeyId: true,
  sessionId: true,
  transport: true,
  method: true,
  toolName: true,
  status: true,
  errorCode: true,
  errorMessage: true,
  latencyMs: true,
  clientIp: true,
  createdAt: true,
} satisfies Prisma.RequestLogSelect;

type TRequestLogRow = Prisma.RequestLogGetPayload<{ select: typeof requestLogSelect }>;

export interface TRequestLog extends Omit<TRequestLogRow, "id"> {
  /** bigint in the database; a string so it survives JSON. */
  id: string;
  namespaceName: string | null;
  serverName: string | null;
}

export interface TRequestLogPage {
  items: TRequestLog[];
  nextCursor: string | null;
}

/** The org's MCP request log, newest first, keyset-paginated on (created_at, id). */
export async function listRequestLogs(orgId: string, input: TListRequestLogsInput): Promise<TRequestLogPage> {
  const after = input.cursor ? decodeKeysetCursor(input.cursor, parseBigIntId) : null;
  const where: Prisma.RequestLogWhereInput = {
    orgId,
    ...(input.namespaceId ? { namespaceId: input.namespaceId } : {}),
    ...(input.serverId ? { serverId: input.serverId } : {}),
    ...(input.status ? { status: input.status } : {}),
    ...(input.method ? { method: input.method } : {}),
    ...(after ? afterKeyset(after) : {}),
  };
  const rows = await db.requestLog.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: requestLogSelect,
  });
  const { page, nextCursor } = keysetPage(rows, input.limit);

  // Names for display, scoped to the org like everything else.
  const namespaceIds = [...new Set(page.flatMap((row) => (row.namespaceId ? [row.namespaceId] : [])))];
  const serverIds = [...new Set(page.flatMap((row) => (row.serverId ? [row.serverId] : [])))];
  const [namespaces, servers] = await Promise.all([
    namespaceIds.length
      ? db.namespace.findMany({ where: { orgId, id: { in: namespaceIds } }, select: { id: true, name: true } })
      : [],
    serverIds.length
      ? db.mcpServer.findMany({ where: { orgId, id: { in: serverIds } }, select: { id: true, name: true } })
      : [],
  ]);
  const namespaceNames = new Map(namespaces.map((ns) => [ns.id, ns.name]));
  const serverNames = new Map(servers.map((server) => [server.id, server.name]));

  return {
    items: page.map((row) => ({
      ...row,
      id: row.id.toString(),
      namespaceName: row.namespaceId ? (namespaceNames.get(row.namespaceId) ?? null) : null,
      serverName: row.serverId ? (serverNames.get(row.serverId) ?? null) : null,
    })),
    nextCursor,
  };
}
