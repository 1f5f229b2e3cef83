// Key rotation at the MCP endpoint: the control plane's rotateApiKey gives the same api_keys row a new
// prefix and key_hash in one UPDATE; this does that UPDATE against real PostgreSQL and a real gateway.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { generateApiKey } from "@omnimesh/db/api-key";
import type pg from "pg";
import {
  connectClient,
  createApiKey,
  createTenant,
  demoStdioServer,
  eventually,
  type Gateway,
  startGateway,
  type Tenant,
  testEnv,
  testPool,
} from "../../test/fixtures.ts";

const env = testEnv();
let pool: pg.Pool;
let gateway: Gateway;
let tenant: Tenant;

beforeAll(async () => {
  pool = testPool();
  gateway = await startGateway(env);
  tenant = await createTenant(pool, env, [demoStdioServer()]);
});

afterAll(async () => {
  await gateway.stop();
  await pool.end();
});

describe("API key rotation", () => {
  test("the old secret fails on its next request (even on an open session); the new one works", async () => {
    const {
      key: oldKey,
      id,
      prefix: oldPrefix,
    } = await createApiKey(pool, env, tenant.orgId, {
      scopes: ["mcp:read"],
      namespaceIds: [tenant.namespaceId],
    });
    const oldClient = await connectClient(gateway.endpoint(tenant), oldKey);
    expect((await oldClient.listTools()).tools.map((tool) => tool.name)).toContain("demo__echo");
    expect(gateway.dataplane.auth.cache.has(oldPrefix)).toBe(true);

    const rotated = generateApiKey(env.OMNIMESH_TOKEN_PEPPER);
    await pool.query(`update api_keys set prefix = $2, key_hash = $3, updated_at = now() where id = $1`, [
      id,
      rotated.prefix,
      rotated.hash,
    ]);
    // The api_keys trigger's NOTIFY drops the cached row by id; from then on the old prefix is unknown.
    await eventually(async () => !gateway.dataplane.auth.cache.has(oldPrefix), 2_000);

    const error = await oldClient.listTools().then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toContain("Invalid API key");
    await oldClient.close();

    const fresh = await fetch(gateway.endpoint(tenant), {
      method: "POST",
      headers: {
        authorization: `Bearer ${oldKey}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
      }),
    });
    expect(fresh.status).toBe(401);
    expect(((await fresh.json()) as { error: { message: string } }).error.message).toBe("Invalid API key");

    // Same settings under the new secret: read-only, scoped to the namespace.
    const newClient = await connectClient(gateway.endpoint(tenant), rotated.key);
    expect((await newClient.listTools()).tools.map((tool) => tool.name)).toContain("demo__echo");
    const denied = await newClient.callTool({ name: "demo__echo", arguments: { text: "hi" } }).then(
      (result) => result,
      (e: Error) => e,
    );
    expect(denied).toBeInstanceOf(Error);
    expect((denied as Error).message).toContain('API key scope "mcp:read" may list and read but not use tools/call');
    await newClient.close();
  });
});
