// Virtual servers (/virtual/:id/…) on every client transport, against a real gateway and demo server.
import { beforeAll, describe, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import { connectClient, demoStdioServer } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { connectSseClient, connectWsClient, rpcPost } from "./transport-fixtures.ts";

const suite = gatewaySuite({ servers: [demoStdioServer()], key: false });
let virtualUrl: string;

beforeAll(async () => {
  const id = randomUUID();
  await suite.pool.query(
    `insert into virtual_servers (id, org_id, namespace_id, name, enabled, updated_at) values ($1, $2, $3, 'calc', true, now())`,
    [id, suite.tenant.orgId, suite.tenant.namespaceId],
  );
  await suite.pool.query(
    `insert into virtual_server_entries (id, virtual_server_id, server_id, kind, source_name, exposed_name)
     values ($1, $2, $3, 'tool'::"VirtualEntryKind", 'add', 'plus')`,
    [randomUUID(), id, suite.tenant.serverIds.demo],
  );
  virtualUrl = `${suite.gateway.url}/virtual/${id}`;
});

describe("virtual servers on every transport", () => {
  test("mcp, sse, ws and rpc expose only the virtual server's entries", async () => {
    const { key } = await suite.createKey();
    for (const client of [
      await connectClient(`${virtualUrl}/mcp`, key),
      await connectSseClient(`${virtualUrl}/sse`, key),
      await connectWsClient(`${virtualUrl}/ws`, key),
    ]) {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["plus"]);
      expect((await client.callTool({ name: "plus", arguments: { a: 4, b: 5 } })).structuredContent).toEqual({
        sum: 9,
      });
      await client.close();
    }
    const rpc = await rpcPost(`${virtualUrl}/rpc`, key, {
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "plus", arguments: { a: 1, b: 1 } },
    });
    expect(((await rpc.json()) as { result: { structuredContent: unknown } }).result.structuredContent).toEqual({
      sum: 2,
    });
    const introspection = await fetch(`${virtualUrl}/rpc/introspection`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const body = (await introspection.json()) as {
      endpoint: { virtualServer: string };
      tools: Array<{ name: string }>;
    };
    expect(body.endpoint.virtualServer).toBe("calc");
    expect(body.tools.map((tool) => tool.name)).toEqual(["plus"]);
  });

  test("a session opened on the virtual server is not found on the namespace endpoint", async () => {
    const { key } = await suite.createKey();
    const response = await fetch(`${virtualUrl}/sse`, { headers: { authorization: `Bearer ${key}` } });
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const sessionId = /sessionId=([\w-]+)/.exec(first)![1];
    const elsewhere = await rpcPost(`${suite.ns}/messages?sessionId=${sessionId}`, key, {
      jsonrpc: "2.0",
      id: 1,
      method: "ping",
    });
    expect(elsewhere.status).toBe(404);
    const here = await rpcPost(`${virtualUrl}/messages?sessionId=${sessionId}`, key, {
      jsonrpc: "2.0",
      id: 1,
      method: "ping",
    });
    expect(here.status).toBe(202);
    await reader.cancel();
  });

  test("an unknown virtual server id → 404", async () => {
    const { key } = await suite.createKey();
    const response = await rpcPost(`${suite.gateway.url}/virtual/${randomUUID()}/rpc`, key, {
      jsonrpc: "2.0",
      id: 1,
      method: "ping",
    });
    expect(response.status).toBe(404);
  });
});
