// The data plane talks to PostgreSQL with plain node-postgres: a few cache-miss reads and one
// multi-row INSERT per log batch. A small pool is enough because the hot path never queries.
import pg from "pg";

export type DbPool = pg.Pool;

export function createPool(databaseUrl: string, max = 6): DbPool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  return pool;
}
