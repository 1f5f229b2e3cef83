// Isolation kinds (see isolation-kinds.ts): Request logs and audit logs.
import { expect } from "vitest";
import { GET as listAudit } from "~/app/api/v1/admin/audit/route";
import { GET as listLogs } from "~/app/api/v1/admin/logs/route";
import { db } from "~/server/db";
import type { TKind } from "./isolation-kinds";
import { noRouteContext, restRequest } from "./rest";

export const LOG_KINDS: TKind[] = [
  {
    kind: "request log",
    trpc: {},
    trpcLists: {
      list: ({ caller }) => caller.logs.list({}),
      "filtered by its namespace": ({ b, caller }) => caller.logs.list({ namespaceId: b.namespace.id }),
      "filtered by its server": ({ b, caller }) => caller.logs.list({ serverId: b.server.id }),
    },
    restLists: {
      list: (_world, token) => listLogs(restRequest("/api/v1/admin/logs", { token }), noRouteContext),
      "filtered by its server": ({ b }, token) =>
        listLogs(restRequest(`/api/v1/admin/logs?serverId=${b.server.id}`, { token }), noRouteContext),
    },
    async unchanged({ b }) {
      expect(await db.requestLog.count({ where: { id: b.requestLogId } })).toBe(1);
    },
  },
  {
    kind: "audit log",
    trpc: {},
    trpcLists: {
      list: ({ caller }) => caller.audit.list({}),
      "filtered by its target": ({ b, caller }) => caller.audit.list({ targetId: b.namespace.id }),
      "filtered by its actor": ({ b, caller }) => caller.audit.list({ actor: b.members.owner.email }),
    },
    restLists: {
      list: (_world, token) => listAudit(restRequest("/api/v1/admin/audit", { token }), noRouteContext),
      "filtered by its actor": ({ b }, token) =>
        listAudit(
          restRequest(`/api/v1/admin/audit?actor=${encodeURIComponent(b.members.owner.email)}`, { token }),
          noRouteContext,
        ),
    },
    async unchanged({ b }) {
      expect(await db.auditLog.count({ where: { id: b.auditLogId } })).toBe(1);
    },
  },
];
