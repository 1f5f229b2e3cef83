// The stateless protocol revision 2026-07-28 on /mcp: raw requests and the SDK v2 client
// (@modelcontextprotocol/client, pinned to 2026-07-28) against a real gateway and the demo server.
import { describe, expect, test } from "bun:test";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { demoStdioServer } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { loggedTransports, rpcPost } from "./transport-fixtures.ts";

const suite = gatewaySuite({ servers: [demoStdioServer()], key: false });

const MODERN = "2026-07-28";
const envelope = {
  "io.modelcontextprotocol/protocolVersion": MODERN,
  "io.modelcontextprotocol/clientCapabilities": {},
  "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1" },
};
const headers = (method: string) => ({
  accept: "application/json, text/event-stream",
  "mcp-protocol-version": MODERN,
  "mcp-method": method,
});
type Answer = {
  id: unknown;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
};

describe("stateless 2026-07-28 requests on /ns/:org/:ns/mcp", () => {
  test("server/discover, tools/list and tools/call without initialize or session; logged as streamable-http", async () => {
    const { key, id } = await suite.createKey();
    const before = suite.gateway.dataplane.sessions.size;
    const discover = await rpcPost(
      `${suite.ns}/mcp`,
      key,
      { jsonrpc: "2.0", id: 1, method: "server/discover", params: { _meta: envelope } },
      headers("server/discover"),
    );
    expect(discover.status).toBe(200);
    expect(discover.headers.get("mcp-session-id")).toBeNull();
    const found = ((await discover.json()) as Answer).result!;
    expect(found.supportedVersions).toContain(MODERN);
    expect(found.supportedVersions).toContain("2025-06-18");
    expect(found).toMatchObject({
      resultType: "complete",
      serverInfo: { name: "omnimesh" },
      capabilities: { tools: {} },
    });
    const list = (await (
      await rpcPost(
        `${suite.ns}/mcp`,
        key,
        { jsonrpc: "2.0", id: 2, method: "tools/list", params: { _meta: envelope } },
        headers("tools/list"),
      )
    ).json()) as Answer;
    expect(list.result).toMatchObject({ resultType: "complete", ttlMs: 0, cacheScope: "private" });
    expect((list.result!.tools as Array<{ name: string }>).map((tool) => tool.name)).toContain("demo__add");
    const call = (await (
      await rpcPost(
        `${suite.ns}/mcp`,
        key,
        {
          jsonrpc: "2.0",
          id: 3,
          method: "tools/call",
          params: { name: "demo__add", arguments: { a: 1, b: 2 }, _meta: envelope },
        },
        headers("tools/call"),
      )
    ).json()) as Answer;
    expect(call.result).toMatchObject({ resultType: "complete", structuredContent: { sum: 3 } });
    expect(suite.gateway.dataplane.sessions.size).toBe(before);
    expect(await loggedTransports(suite.pool, id, "tools/call")).toEqual([
      { transport: "streamable-http", status: "ok" },
    ]);
  });

  test("a client that accepts only text/event-stream gets the answer as one SSE event", async () => {
    const { key } = await suite.createKey();
    const response = await rpcPost(
      `${suite.ns}/mcp`,
      key,
      { jsonrpc: "2.0", id: 9, method: "tools/list", params: { _meta: envelope } },
      { ...headers("tools/list"), accept: "text/event-stream" },
    );
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const text = await response.text();
    expect(text).toStartWith("event: message\ndata: ");
    expect(JSON.parse(text.slice("event: message\ndata: ".length)).id).toBe(9);
  });

  test("unsupported version → 400 -32022 with the supported list; header/body mismatch → -32020; missing capabilities → -32602", async () => {
    const { key } = await suite.createKey();
    const future = { ...envelope, "io.modelcontextprotocol/protocolVersion": "2099-01-01" };
    const unsupported = await rpcPost(
      `${suite.ns}/mcp`,
      key,
      { jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta: future } },
      { ...headers("tools/list"), "mcp-protocol-version": "2099-01-01" },
    );
    expect(unsupported.status).toBe(400);
    expect(((await unsupported.json()) as Answer).error).toEqual({
      code: -32022,
      message: "Unsupported protocol version: 2099-01-01",
      data: { supported: [MODERN], requested: "2099-01-01" },
    });
    const mismatch = await rpcPost(
      `${suite.ns}/mcp`,
      key,
      { jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta: envelope } },
      { ...headers("tools/list"), "mcp-protocol-version": "2099-01-01" },
    );
    expect(((await mismatch.json()) as Answer).error?.code).toBe(-32020);
    const methodMismatch = await rpcPost(
      `${suite.ns}/mcp`,
      key,
      { jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta: envelope } },
      headers("tools/call"),
    );
    expect(((await methodMismatch.json()) as Answer).error?.code).toBe(-32020);
    const { "io.modelcontextprotocol/clientCapabilities": _drop, ...noCaps } = envelope;
    const missing = await rpcPost(
      `${suite.ns}/mcp`,
      key,
      { jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta: noCaps } },
      headers("tools/list"),
    );
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as Answer).error?.code).toBe(-32602);
  });

  test("older versions keep sessions: a request without session that does not declare 2026-07-28 → 400", async () => {
    const { key } = await suite.createKey();
    const response = await rpcPost(
      `${suite.ns}/mcp`,
      key,
      { jsonrpc: "2.0", id: 1, method: "tools/list" },
      { accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-06-18" },
    );
    expect(response.status).toBe(400);
  });

  test("the SDK v2 client pinned to 2026-07-28 discovers, lists and calls through the gateway", async () => {
    const { key } = await suite.createKey();
    const before = suite.gateway.dataplane.sessions.size;
    const client = new Client({ name: "sdk-v2", version: "2.4.0" }, { versionNegotiation: { mode: { pin: MODERN } } });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${suite.ns}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${key}` } },
      }),
    );
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("demo__echo");
    const result = await client.callTool({ name: "demo__echo", arguments: { text: "modern" } });
    expect(result.content).toEqual([{ type: "text", text: "modern" }]);
    // Stateless all the way: the gateway opened no session for it.
    expect(suite.gateway.dataplane.sessions.size).toBe(before);
    await client.close();
  });
});
