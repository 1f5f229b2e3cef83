// The per-server endpoint /servers/:serverId/mcp: one server of a namespace, its names unprefixed,
// behind the same auth, chain and sessions as the namespace endpoint. Real PostgreSQL, gateway, SDK client.
import { beforeAll, describe, expect, test } from "bun:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { connectClient, demoStdioServer, eventually, INITIALIZE, postJson } from "../test/fixtures.ts";
import { gatewaySuite } from "../test/gateway-suite.ts";

const suite = gatewaySuite({ servers: [demoStdioServer("alpha"), demoStdioServer("beta")] });
const { pool } = suite;
let client: Client;

interface RpcErrorBody {
  jsonrpc: string;
  id: unknown;
  error: { code: number; message: string };
}

beforeAll(async () => {
  client = await suite.connect({ endpoint: suite.serverEndpoint("alpha") });
});

describe("per-server endpoint", () => {
  test("tools/list shows only that server's tools, unprefixed", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(["add", "echo", "get_time", "sleep"]);
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(["greet"]);
    const { resources } = await client.listResources();
    expect(resources.map((r) => [r.name, r.uri])).toEqual([["info", "demo://info"]]);
  });

  test("tools/call, prompts/get and resources/read are routed to that server", async () => {
    expect(await client.callTool({ name: "add", arguments: { a: 1, b: 2 } })).toEqual({
      content: [{ type: "text", text: "3" }],
      structuredContent: { sum: 3 },
    });
    const prompt = await client.getPrompt({ name: "greet", arguments: { name: "Ada" } });
    expect(prompt.messages).toEqual([{ role: "user", content: { type: "text", text: "Say hello to Ada." } }]);
    const read = await client.readResource({ uri: "demo://info" });
    expect(read.contents[0]?.uri).toBe("demo://info");
    // Names go upstream verbatim: a prefixed name is just an unknown tool to the server.
    const prefixed = await client.callTool({ name: "alpha__echo", arguments: { text: "x" } }).then(
      (result) => result.isError === true,
      () => true,
    );
    expect(prefixed).toBe(true);
  });

  test("request logs carry the server id (lists included) and the canonical tool name", async () => {
    const marker = `per-server-${Date.now()}`;
    await client.callTool({ name: "echo", arguments: { text: marker } });
    const row = await eventually(async () => {
      const { rows } = await pool.query(
        `select * from request_logs where org_id = $1 and api_key_id = $2 and method = 'tools/call'
          and tool_name = 'alpha__echo' order by id desc limit 1`,
        [suite.tenant.orgId, suite.key.id],
      );
      return rows[0];
    });
    expect(row.server_id).toBe(suite.tenant.serverIds.alpha);
    expect(row.namespace_id).toBe(suite.tenant.namespaceId);
    expect(row.status).toBe("ok");
    const list = await eventually(async () => {
      const { rows } = await pool.query(
        `select server_id from request_logs where org_id = $1 and api_key_id = $2 and method = 'tools/list'`,
        [suite.tenant.orgId, suite.key.id],
      );
      return rows[0];
    });
    expect(list.server_id).toBe(suite.tenant.serverIds.alpha);
  });

  test("a key scoped to the server's namespace works", async () => {
    const { key } = await suite.createKey({ namespaceIds: [suite.tenant.namespaceId] });
    const scoped = await connectClient(suite.serverEndpoint("beta"), key);
    const { tools } = await scoped.listTools();
    expect(tools.map((tool) => tool.name)).toContain("echo");
    await scoped.close();
  });

  test("another org's key → 404", async () => {
    const other = await suite.createTenant([]);
    const { key } = await suite.createKey({ orgId: other.orgId });
    const response = await postJson(suite.serverEndpoint("alpha"), INITIALIZE, {
      authorization: `Bearer ${key}`,
    });
    expect(response.status).toBe(404);
    const body = (await response.json()) as RpcErrorBody;
    expect(body.error.message).toBe(`Server "${suite.tenant.serverIds.alpha}" not found`);
  });

  test("a key scoped to another namespace → 404", async () => {
    const { key } = await suite.createKey({ namespaceIds: [crypto.randomUUID()] });
    const response = await postJson(suite.serverEndpoint("alpha"), INITIALIZE, {
      authorization: `Bearer ${key}`,
    });
    expect(response.status).toBe(404);
  });

  test("unknown and non-UUID server ids → 404 JSON-RPC error", async () => {
    const { key } = await suite.createKey();
    for (const id of [crypto.randomUUID(), "not-a-uuid"]) {
      const response = await postJson(suite.gateway.serverEndpoint(id), INITIALIZE, { authorization: `Bearer ${key}` });
      expect(response.status).toBe(404);
      const body = (await response.json()) as RpcErrorBody;
      expect(body.jsonrpc).toBe("2.0");
      expect(body.id).toBe(1);
      expect(body.error.message).toBe(`Server "${id}" not found`);
    }
  });

  test("a session opened on the server endpoint is not valid on the namespace endpoint", async () => {
    const { key } = await suite.createKey();
    const init = await postJson(suite.serverEndpoint("alpha"), INITIALIZE, {
      authorization: `Bearer ${key}`,
    });
    expect(init.status).toBe(200);
    const sessionId = init.headers.get("mcp-session-id")!;
    await init.body?.cancel();
    const list = { jsonrpc: "2.0", id: 2, method: "tools/list", params: {} };
    for (const endpoint of [suite.endpoint, suite.serverEndpoint("beta")]) {
      const response = await postJson(endpoint, list, { authorization: `Bearer ${key}`, "mcp-session-id": sessionId });
      expect(response.status).toBe(404);
    }
  });

  test("a disabled server disappears (NOTIFY drops the cached route)", async () => {
    const { key } = await suite.createKey();
    const endpoint = suite.serverEndpoint("beta");
    const ok = await postJson(endpoint, INITIALIZE, { authorization: `Bearer ${key}` });
    expect(ok.status).toBe(200);
    await ok.body?.cancel();
    expect(suite.gateway.dataplane.directory.serverCache.has(suite.tenant.serverIds.beta!)).toBe(true);
    await pool.query(`update mcp_servers set enabled = false where id = $1`, [suite.tenant.serverIds.beta]);
    await eventually(
      async () => !suite.gateway.dataplane.directory.serverCache.has(suite.tenant.serverIds.beta!),
      2_000,
    );
    const gone = await postJson(endpoint, INITIALIZE, { authorization: `Bearer ${key}` });
    expect(gone.status).toBe(404);
  });
});
