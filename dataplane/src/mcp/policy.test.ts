// Scopes, policies and rate limits through the real gateway, with rules changed in the database
// (the change notification drops the cached rules).
import { describe, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import { connectClient, demoStdioServer, eventually } from "../test/fixtures.ts";
import { gatewaySuite } from "../test/gateway-suite.ts";

const suite = gatewaySuite({ servers: [demoStdioServer("demo")], key: false });
const { pool } = suite;

type RpcError = Error & { code?: number };

async function waitForRulesReload(orgId: string) {
  await eventually(async () => !suite.gateway.dataplane.rules.cache.has(orgId), 2_000);
}

describe("policies, scopes and rate limits", () => {
  test("a read-only key can list tools but tools/call is a 403-style JSON-RPC error", async () => {
    const { key, id } = await suite.createKey({ scopes: ["mcp:read"] });
    const client = await connectClient(suite.endpoint, key);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("demo__echo");
    const error = (await client.callTool({ name: "demo__echo", arguments: { text: "x" } }).catch((e) => e)) as RpcError;
    expect(error.code).toBe(-32043);
    expect(error.message).toContain(
      'Forbidden (403): API key scope "mcp:read" may list and read but not use tools/call',
    );
    const row = await eventually(async () => {
      const { rows } = await pool.query(
        `select status, error_code from request_logs where api_key_id = $1 and method = 'tools/call'`,
        [id],
      );
      return rows[0];
    });
    expect(row).toEqual({ status: "denied", error_code: -32043 });
    await client.close();
  });

  test("a deny policy blocks matching tools, hides them from tools/list, and is logged as denied", async () => {
    const { key, id } = await suite.createKey();
    const client = await connectClient(suite.endpoint, key);
    expect(await client.callTool({ name: "demo__add", arguments: { a: 1, b: 1 } })).toMatchObject({
      structuredContent: { sum: 2 },
    });
    await suite.gateway.dataplane.rules.forOrg(suite.tenant.orgId);
    await pool.query(
      `insert into policies (id, org_id, namespace_id, name, effect, priority, conditions, updated_at)
       values ($1, $2, $3, 'no-add', 'deny', 10, $4, now())`,
      [randomUUID(), suite.tenant.orgId, suite.tenant.namespaceId, JSON.stringify({ tools: ["*__add"] })],
    );
    await waitForRulesReload(suite.tenant.orgId);
    const error = (await client.callTool({ name: "demo__add", arguments: { a: 1, b: 1 } }).catch((e) => e)) as RpcError;
    expect(error.code).toBe(-32043);
    expect(error.message).toContain('tools/call demo__add denied by policy "no-add"');
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).not.toContain("demo__add");
    expect(tools.map((tool) => tool.name)).toContain("demo__echo");
    const row = await eventually(async () => {
      const { rows } = await pool.query(
        `select status from request_logs where api_key_id = $1 and tool_name = 'demo__add' and status <> 'ok'`,
        [id],
      );
      return rows[0];
    });
    expect(row.status).toBe("denied");
    await pool.query(`delete from policies where org_id = $1`, [suite.tenant.orgId]);
    await client.close();
  });

  test("a per-key rate limit answers rate_limited after `limit` calls in the window", async () => {
    const other = await suite.createTenant([demoStdioServer("demo")]);
    const { key, id } = await suite.createKey({ orgId: other.orgId });
    await pool.query(
      `insert into rate_limits (id, org_id, name, scope, "limit", window_seconds, updated_at)
       values ($1, $2, 'three-per-minute', 'api_key', 3, 60, now())`,
      [randomUUID(), other.orgId],
    );
    const client = await connectClient(suite.gateway.endpoint(other), key);
    // initialize is a request too, so it consumed one unit: two calls remain.
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) {
      outcomes.push(
        await client.callTool({ name: "demo__echo", arguments: { text: "hi" } }).then(
          () => "ok",
          (e: RpcError) => `${e.code}`,
        ),
      );
    }
    expect(outcomes).toEqual(["ok", "ok", "-32029"]);
    const row = await eventually(async () => {
      const { rows } = await pool.query(
        `select status, error_message from request_logs where api_key_id = $1 and status = 'rate_limited'`,
        [id],
      );
      return rows[0];
    });
    expect(row.error_message).toContain('Rate limit "three-per-minute" exceeded: 3 requests per 60 s');
    await client.close();
  });
});
