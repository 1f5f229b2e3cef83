// Liveness and readiness in one: the process answers, and says whether the database does.

import type { ChangeListener } from "../../db/change-listener.ts";
import type { DbPool } from "../../db/pool.ts";
import type { SessionManager } from "../../mcp/session-manager.ts";
import type { UpstreamPool } from "../../mcp/upstreams/upstream-pool.ts";
import type { RequestLogWriter } from "../request-logs/service.ts";

export interface HealthDeps {
  pool: DbPool;
  listener: ChangeListener;
  logs: RequestLogWriter;
  sessions: SessionManager;
  upstreams: UpstreamPool;
  rateLimiterKind: string;
  startedAt: number;
}

export async function checkHealth(deps: HealthDeps) {
  let db: "ok" | "error" = "ok";
  try {
    await Promise.race([
      deps.pool.query("select 1"),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2_000).unref()),
    ]);
  } catch {
    db = "error";
  }
  const upstreams = deps.upstreams.list();
  return {
    status: db === "ok" ? ("ok" as const) : ("degraded" as const),
    service: "omnimesh-dataplane",
    db,
    changeListener: deps.listener.connected ? "listening" : "reconnecting",
    rateLimiter: deps.rateLimiterKind,
    uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
    sessions: deps.sessions.size,
    // Counts only: /health is unauthenticated and must not reveal tenants' servers or their errors.
    upstreams: { total: upstreams.length, connected: upstreams.filter((upstream) => upstream.connected).length },
    requestLogs: { pending: deps.logs.pending, written: deps.logs.written, dropped: deps.logs.dropped },
  };
}
