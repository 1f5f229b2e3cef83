// The SQL of discovery: one read of every enabled server per sweep, one batched UPDATE of the health
// columns, and the advisory lock that lets only one data-plane replica sweep at a time.
import type pg from "pg";
import type { DbPool } from "../../db/pool.ts";
import { type ServerRow, serverRowColumns } from "../routing/server-row.ts";
import type { HealthReport } from "./model.ts";

/** Arbitrary but fixed: every replica must ask for the same lock. */
export const SWEEP_LOCK_KEY = 0x6f6d6e69; // "omni"

/**
 * Enabled servers of every org whose last check is older than `staleAfterMs` (or never ran), never
 * checked first (a server just registered shows its state within one sweep). The
 * age filter is what makes replicas share the work: a replica that gets the lock right after
 * another swept finds nothing stale.
 */
export async function loadStaleServers(
  pool: DbPool | pg.PoolClient,
  staleAfterMs: number,
  orgIds: string[] | null,
): Promise<ServerRow[]> {
  const { rows } = await pool.query<ServerRow>(
    `select ${serverRowColumns()}
       from mcp_servers
      where enabled and (last_health_at is null or last_health_at <= now() - $1 * interval '1 millisecond')
        and ($2::text[] is null or org_id = any($2::text[]))
      order by last_health_at asc nulls first, org_id, name`,
    [staleAfterMs, orgIds],
  );
  return rows;
}

/**
 * Writes many reports in one statement. Each row is matched by id AND org_id, so a report can only
 * land on the row of the server it was taken from; disabled servers are left as they are. A report
 * without lists (unhealthy) keeps the last known capabilities and server info.
 */
export async function writeReports(pool: DbPool | pg.PoolClient, reports: HealthReport[]): Promise<number> {
  if (reports.length === 0) return 0;
  const json = (value: unknown) => (value == null ? null : JSON.stringify(value));
  const result = await pool.query(
    `update mcp_servers s
        set health_status = v.status::"HealthStatus",
            last_health_at = v.checked_at,
            last_error = v.error,
            capabilities = coalesce(v.capabilities, s.capabilities),
            server_info = coalesce(v.server_info, s.server_info)
       from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::jsonb[], $7::jsonb[])
            as v(id, org_id, status, checked_at, error, capabilities, server_info)
      where s.id = v.id and s.org_id = v.org_id and s.enabled`,
    [
      reports.map((report) => report.serverId),
      reports.map((report) => report.orgId),
      reports.map((report) => report.status),
      reports.map((report) => report.checkedAt),
      reports.map((report) => report.error),
      reports.map((report) => json(report.capabilities)),
      reports.map((report) => json(report.serverInfo)),
    ],
  );
  return result.rowCount ?? 0;
}

/**
 * Runs `sweep` holding the session-level advisory lock on a client of its own; returns null without
 * running it when another replica holds the lock. The lock dies with the connection if we crash.
 */
export async function withSweepLock<T>(pool: DbPool, sweep: (client: pg.PoolClient) => Promise<T>): Promise<T | null> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [
      SWEEP_LOCK_KEY,
    ]);
    if (!rows[0]?.locked) return null;
    try {
      return await sweep(client);
    } finally {
      await client.query("select pg_advisory_unlock($1)", [SWEEP_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
