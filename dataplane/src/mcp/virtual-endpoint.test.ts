// /virtual/:id/mcp end to end: a real gateway, real demo servers (stdio), a real SDK client, and the
// virtual server changed in the database (notifications drop the cached route and rules).
import { beforeAll, describe, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { connectClient, demoStdioServer, eventually, INITIALIZE, postJson } from "../test/fixtures.ts";
import { gatewaySuite } from "../test/gateway-suite.ts";

const suite = gatewaySuite({ servers: [demoStdioServer("alpha"), demoStdioServer("beta")] });
const { pool } = suite;
let virtualId: string;
let client: Client;

type RpcError = Error & { code?: number };
const endpoint = (id: string) => `${suite.gateway.url}/virtual/${id}/mcp`;

async function createVirtual(name: string): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `insert into virtual_servers (id, org_id, namespace_id, name, updated_at) values ($1, $2, $3, $4, now())`,
    [id, suite.tenant.orgId, suite.tenant.namespaceId, name],
  );
  const entries: [string, string, string, string | null, string | null][] = [
    ["alpha", "tool", "echo", "say", "Repeats the text"],
    ["beta", "tool", "add", null, null],
    ["beta", "prompt", "greet", "hello", null],
    ["alpha", "resource", "demo://info", null, null],
  ];
  for (const [server, kind, source, exposed, description] of entries) {
    await pool.query(
      `insert into virtual_server_entries (id, virtual_server_id, server_id, kind, source_name, exposed_name, description)
       values ($1, $2, $3, $4::"VirtualEntryKind", $5, $6, $7)`,
      [randomUUID(), id, suite.tenant.serverIds[server], kind, source, exposed, description],
    );
  }
  return id;
}

beforeAll(async () => {
  virtualId = await createVirtual("combo");
  client = await suite.connect({ endpoint: endpoint(virtualId) });
});

describe("virtual server endpoint", () => {
  test("lists exactly the selected items, renamed, with the description override", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => [tool.name, tool.description])).toEqual([
      ["say", "Repeats the text"],
      ["beta__add", "Adds two numbers"],
    ]);
    expect((await client.listPrompts()).prompts.map((prompt) => prompt.name)).toEqual(["hello"]);
    expect((await client.listResources()).resources.map((r) => [r.name, r.uri])).toEqual([
      ["alpha__info", "demo://info"],
    ]);
    expect((await client.listResourceTemplates()).resourceTemplates).toEqual([]);
  });

  test("renamed tools and prompts are routed to their upstream; hidden ones are unknown", async () => {
    expect(await client.callTool({ name: "say", arguments: { text: "hi" } })).toEqual({
      content: [{ type: "text", text: "hi" }],
    });
    expect((await client.callTool({ name: "beta__add", arguments: { a: 2, b: 5 } })).structuredContent).toEqual({
      sum: 7,
    });
    const prompt = await client.getPrompt({ name: "hello", arguments: { name: "Ada" } });
    expect(prompt.messages).toEqual([{ role: "user", content: { type: "text", text: "Say hello to Ada." } }]);
    expect((await client.readResource({ uri: "demo://info" })).contents[0]?.uri).toBe("demo://info");

    for (const hidden of ["alpha__echo", "beta__sleep", "echo"]) {
      const error = (await client.callTool({ name: hidden, arguments: { text: "x" } }).catch((e) => e)) as RpcError;
      expect(error.code).toBe(-32602);
      expect(error.message).toContain(`Unknown tool "${hidden}": not exposed by virtual server combo`);
    }
    const unread = (await client.readResource({ uri: "demo://echo/x" }).catch((e) => e)) as RpcError;
    expect(unread.code).toBe(-32602);
  });

  test("request logs carry the virtual server id and the canonical tool name", async () => {
    const marker = `virtual-${Date.now()}`;
    await client.callTool({ name: "say", arguments: { text: marker } });
    const row = await eventually(async () => {
      const { rows } = await pool.query(
        `select virtual_server_id, server_id, namespace_id, tool_name, status from request_logs
          where api_key_id = $1 and method = 'tools/call' and tool_name = 'alpha__echo'`,
        [suite.key.id],
      );
      return rows[0];
    });
    expect(row).toEqual({
      virtual_server_id: virtualId,
      server_id: suite.tenant.serverIds.alpha,
      namespace_id: suite.tenant.namespaceId,
      tool_name: "alpha__echo",
      status: "ok",
    });
  });

  test("a deny policy on the canonical name applies to the renamed tool, in calls and in lists", async () => {
    const id = await createVirtual("policed");
    const own = await connectClient(endpoint(id), suite.key.key);
    await suite.gateway.dataplane.rules.forOrg(suite.tenant.orgId);
    const policyId = randomUUID();
    await pool.query(
      `insert into policies (id, org_id, namespace_id, name, effect, priority, conditions, updated_at)
       values ($1, $2, $3, 'no-echo', 'deny', 10, $4, now())`,
      [policyId, suite.tenant.orgId, suite.tenant.namespaceId, JSON.stringify({ tools: ["alpha__echo"] })],
    );
    try {
      await eventually(async () => !suite.gateway.dataplane.rules.cache.has(suite.tenant.orgId), 2_000);
      const error = (await own.callTool({ name: "say", arguments: { text: "x" } }).catch((e) => e)) as RpcError;
      expect(error.code).toBe(-32043);
      expect(error.message).toContain('tools/call alpha__echo denied by policy "no-echo"');
      expect((await own.listTools()).tools.map((tool) => tool.name)).toEqual(["beta__add"]);
    } finally {
      await pool.query(`delete from policies where id = $1`, [policyId]);
      await own.close();
    }
  });

  test("another org's key gets 404, as for an unknown or malformed id", async () => {
    const other = await suite.createTenant([]);
    const otherKey = await suite.createKey({ orgId: other.orgId });
    for (const target of [virtualId, randomUUID(), "not-a-uuid"]) {
      const response = await postJson(endpoint(target), INITIALIZE, { authorization: `Bearer ${otherKey.key}` });
      expect(response.status).toBe(404);
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).toBe(`Virtual server "${target}" not found`);
    }
  });

  test("disabling the virtual server answers 404 on the next request", async () => {
    const id = await createVirtual("switchable");
    const own = await connectClient(endpoint(id), suite.key.key);
    expect((await own.listTools()).tools).toHaveLength(2);
    await pool.query(`update virtual_servers set enabled = false, updated_at = now() where id = $1`, [id]);
    await eventually(async () => (await suite.gateway.dataplane.directory.resolveVirtual(id)) === null, 2_000);
    // The open session's next request is refused like a missing endpoint (-32044 is our 404).
    const error = (await own.listTools().catch((e) => e)) as RpcError;
    expect(error.code).toBe(404);
    expect(error.message).toContain(`"code":-32044`);
    const fresh = await postJson(endpoint(id), INITIALIZE, { authorization: `Bearer ${suite.key.key}` });
    expect(fresh.status).toBe(404);
    await own.close().catch(() => {});
  });
});
