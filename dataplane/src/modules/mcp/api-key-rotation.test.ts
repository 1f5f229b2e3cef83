// Key rotation at the MCP endpoint: the control plane's rotateApiKey gives the same api_keys row a new
// prefix and key_hash in one UPDATE; this does that UPDATE against real PostgreSQL and a real gateway.
import { describe, expect, test } from "bun:test";
import { generateApiKey } from "@omnimesh/db/api-key";
import { connectClient, demoStdioServer, eventually } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";

const suite = gatewaySuite({ servers: [demoStdioServer()], key: false });
const { env, pool } = suite;

describe("API key rotation", () => {
  test("the old secret fails on its next request (even on an open session); the new one works", async () => {
    const {
      key: oldKey,
      id,
      prefix: oldPrefix,
    } = await suite.createKey({ scopes: ["mcp:read"], namespaceIds: [suite.tenant.namespaceId] });
    const oldClient = await connectClient(suite.endpoint, oldKey);
    expect((await oldClient.listTools()).tools.map((tool) => tool.name)).toContain("demo__echo");
    expect(suite.gateway.dataplane.auth.cache.has(oldPrefix)).toBe(true);

    const rotated = generateApiKey(env.OMNIMESH_TOKEN_PEPPER);
    await pool.query(`update api_keys set prefix = $2, key_hash = $3, updated_at = now() where id = $1`, [
      id,
      rotated.prefix,
      rotated.hash,
    ]);
    // The api_keys trigger's NOTIFY drops the cached row by id; from then on the old prefix is unknown.
    await eventually(async () => !suite.gateway.dataplane.auth.cache.has(oldPrefix), 2_000);

    const error = await oldClient.listTools().then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toContain("Invalid API key");
    await oldClient.close();

    const fresh = await fetch(suite.endpoint, {
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
    const newClient = await connectClient(suite.endpoint, rotated.key);
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
