// Regression: the last progress notification of a call must reach the client even when the upstream
// writes it and the result back to back (the SDK Client used to drop it as "unknown progress token").
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import type pg from "pg";
import {
  connectClient,
  createApiKey,
  createTenant,
  type Gateway,
  startGateway,
  testEnv,
  testPool,
} from "../../test/fixtures.ts";

const env = testEnv();
let pool: pg.Pool;
let gateway: Gateway;
let endpoint: string;
let key: string;

beforeAll(async () => {
  pool = testPool();
  gateway = await startGateway(env);
  const tenant = await createTenant(pool, env, [
    {
      name: "conformance",
      transport: "stdio",
      command: process.execPath,
      args: [join(import.meta.dir, "..", "..", "conformance", "conformance-server.ts")],
    },
  ]);
  endpoint = gateway.serverEndpoint(tenant.serverIds.conformance!);
  ({ key } = await createApiKey(pool, env, tenant.orgId));
});

afterAll(async () => {
  await gateway.stop();
  await pool.end();
});

test("every progress notification of a stdio tool call arrives, the last one included", async () => {
  const client = await connectClient(endpoint, key);
  try {
    for (let round = 0; round < 8; round++) {
      const seen: number[] = [];
      await client.callTool({ name: "test_tool_with_progress", arguments: {} }, undefined, {
        onprogress: (progress) => void seen.push(progress.progress),
      });
      expect(seen).toEqual([0, 50, 100]);
    }
  } finally {
    await client.close();
  }
}, 30_000);
