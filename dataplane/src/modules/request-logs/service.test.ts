// The buffered writer against real PostgreSQL: batching into one INSERT, and bounded loss when the
// database is unreachable.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type pg from "pg";
import { createPool } from "../../db/pool.ts";
import { createLogger } from "../../lib/logger.ts";
import { createTenant, testEnv, testPool } from "../../test/fixtures.ts";
import type { RequestLogEntry } from "./model.ts";
import { RequestLogWriter } from "./service.ts";

const env = testEnv();
const logger = createLogger("silent");
let pool: pg.Pool;
let orgId: string;

const entry = (method: string, extra: Partial<RequestLogEntry> = {}): RequestLogEntry => ({
  orgId,
  namespaceId: null,
  serverId: null,
  apiKeyId: null,
  sessionId: null,
  transport: "streamable-http",
  method,
  toolName: null,
  jsonrpcId: "1",
  status: "ok",
  errorCode: null,
  errorMessage: null,
  latencyMs: 1.25,
  requestBytes: 10,
  responseBytes: null,
  responseBody: { jsonrpc: "2.0", id: 1, result: {} },
  clientIp: null,
  createdAt: new Date(),
  ...extra,
});

beforeAll(async () => {
  pool = testPool();
  orgId = (await createTenant(pool, env, [])).orgId;
});

afterAll(async () => {
  await pool.end();
});

describe("RequestLogWriter", () => {
  test("push never waits; flush writes every queued row with its measured response size", async () => {
    const writer = new RequestLogWriter(pool, logger, { flushIntervalMs: 60_000, batchSize: 500 });
    for (let i = 0; i < 1_200; i++) writer.push(entry(`batch/${i % 3}`));
    expect(writer.pending).toBeGreaterThan(0);
    await writer.stop();
    const { rows } = await pool.query(
      `select count(*)::int as n, min(response_bytes) as bytes, min(latency_ms) as latency from request_logs where org_id = $1`,
      [orgId],
    );
    expect(rows[0]).toEqual({
      n: 1_200,
      bytes: Buffer.byteLength(JSON.stringify(entry("x").responseBody)),
      latency: 1.25,
    });
    expect(writer.written).toBe(1_200);
  });

  test("database down: the queue stays bounded, the oldest rows are dropped and counted", async () => {
    const deadPool = createPool("postgresql://postgres@127.0.0.1:9/none", 1);
    const writer = new RequestLogWriter(deadPool, logger, { flushIntervalMs: 60_000, maxQueue: 100 });
    for (let i = 0; i < 150; i++) writer.push(entry(`m/${i}`));
    expect(writer.pending).toBe(100);
    expect(writer.dropped).toBe(50);
    await writer.flush();
    expect(writer.pending).toBe(100);
    expect(writer.written).toBe(0);
    await deadPool.end();
  });
});
