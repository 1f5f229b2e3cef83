// Root paths (/mcp, /sse, /ws, /rpc) for keys scoped to exactly one namespace, against a real gateway.
import { describe, expect, test } from "bun:test";
import { connectClient, demoStdioServer } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { connectSseClient, connectWsClient, loggedTransports, rpcPost } from "./transport-fixtures.ts";

const suite = gatewaySuite({ servers: [demoStdioServer()], key: false });

describe("root paths", () => {
  test("a key scoped to one namespace uses /mcp, /sse, /ws and /rpc of that namespace", async () => {
    const { key, id } = await suite.createKey({ namespaceIds: [suite.tenant.namespaceId] });
    const base = suite.gateway.url;
    for (const client of [
      await connectClient(`${base}/mcp`, key),
      await connectSseClient(`${base}/sse`, key),
      await connectWsClient(`${base}/ws`, key),
    ]) {
      const result = await client.callTool({ name: "demo__add", arguments: { a: 1, b: 1 } });
      expect(result.structuredContent).toEqual({ sum: 2 });
      await client.close();
    }
    const rpc = await rpcPost(`${base}/rpc`, key, {
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "demo__add", arguments: { a: 1, b: 1 } },
    });
    expect(((await rpc.json()) as { result: { structuredContent: unknown } }).result.structuredContent).toEqual({
      sum: 2,
    });
    const introspection = await fetch(`${base}/rpc/introspection`, { headers: { authorization: `Bearer ${key}` } });
    expect(((await introspection.json()) as { endpoint: { namespace: string } }).endpoint.namespace).toBe(
      suite.tenant.namespaceSlug,
    );
    const rows = await loggedTransports(suite.pool, id, "tools/call", 4);
    expect(rows.map((row) => row.transport).sort()).toEqual(["rpc", "sse", "streamable-http", "websocket"]);
  });

  test("any other key gets 400 telling it to use /ns/{org}/{ns}/…", async () => {
    const { key } = await suite.createKey();
    for (const path of ["/mcp", "/rpc"]) {
      const response = await rpcPost(`${suite.gateway.url}${path}`, key, { jsonrpc: "2.0", id: 1, method: "ping" });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: number; message: string } };
      expect(body.error.code).toBe(-32600);
      expect(body.error.message).toContain("use /ns/{org}/{namespace}/");
    }
    const sse = await fetch(`${suite.gateway.url}/sse`, { headers: { authorization: `Bearer ${key}` } });
    expect(sse.status).toBe(400);
  });

  test("a Streamable HTTP session used with another key → 404 session not found", async () => {
    const a = await suite.createKey();
    const b = await suite.createKey();
    const client = await connectClient(`${suite.ns}/mcp`, a.key);
    const sessionId = suite.gateway.dataplane.sessions.list().find((s) => s.apiKeyId === a.id)!.id;
    const response = await rpcPost(
      `${suite.ns}/mcp`,
      b.key,
      { jsonrpc: "2.0", id: 1, method: "tools/list" },
      {
        accept: "application/json, text/event-stream",
        "mcp-session-id": sessionId,
      },
    );
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toStartWith("Session not found");
    await client.close();
  });
});
