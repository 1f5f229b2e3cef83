// Legacy SSE and WebSocket upstreams through the gateway: real SDK servers behind each transport, a
// real SDK client on the namespace endpoint. Dead upstreams fail naming themselves; the rest work.
import { beforeAll, describe, expect, test } from "bun:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { serveLegacySse, serveWebSocketMcp } from "./test-upstreams.ts";

const TOKEN = { name: "x-upstream-token", value: "s3cret-upstream" };
let sse: Awaited<ReturnType<typeof serveLegacySse>>;
let ws: ReturnType<typeof serveWebSocketMcp>;
let wsAuthed: ReturnType<typeof serveWebSocketMcp>;
let client: Client;

const suite = gatewaySuite({
  servers: async () => {
    sse = await serveLegacySse(TOKEN);
    ws = serveWebSocketMcp();
    wsAuthed = serveWebSocketMcp(TOKEN);
    suite.onStop(() => sse.stop());
    suite.onStop(() => ws.stop());
    suite.onStop(() => wsAuthed.stop());
    return [
      { name: "legacy", transport: "sse", url: sse.url, headers: { [TOKEN.name]: TOKEN.value } },
      { name: "socket", transport: "websocket", url: ws.url },
      { name: "socketauth", transport: "websocket", url: wsAuthed.url, headers: { [TOKEN.name]: TOKEN.value } },
      // Nothing listens on port 9: both are dead from the start.
      { name: "deadsse", transport: "sse", url: "http://127.0.0.1:9/sse", timeoutMs: 2_000 },
      { name: "deadws", transport: "websocket", url: "ws://127.0.0.1:9/ws", timeoutMs: 2_000 },
    ];
  },
});

beforeAll(async () => {
  client = await suite.connect();
});

describe("legacy SSE and WebSocket upstreams", () => {
  test("tools/list aggregates the SSE and WebSocket servers' tools; dead ones are left out", async () => {
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name).sort();
    for (const server of ["legacy", "socket", "socketauth"]) {
      for (const tool of ["add", "echo", "get_time", "sleep"]) expect(names).toContain(`${server}__${tool}`);
    }
    expect(names.some((name) => name.startsWith("deadsse__") || name.startsWith("deadws__"))).toBe(false);
  }, 30_000);

  test("tools/call reaches the legacy SSE server, with the row's header on the GET and the POSTs", async () => {
    const result = await client.callTool({ name: "legacy__echo", arguments: { text: "over sse" } });
    expect(result.content).toEqual([{ type: "text", text: "over sse" }]);
    // The server answers 401 to any request without the header, so every request carried it.
    expect(sse.seen.get).toBeGreaterThanOrEqual(1);
    expect(sse.seen.post).toBeGreaterThanOrEqual(2);
  });

  test("calls to SSE and WebSocket upstreams take the fast lane (over the SDK client's transport), also for a client that can be asked things", async () => {
    const fastLane = suite.gateway.dataplane.fastLane!;
    const capable = await suite.connect({ name: "ide", capabilities: { roots: {}, sampling: {} } });
    const before = fastLane.served;
    for (const caller of [client, capable]) {
      for (const server of ["legacy", "socket"]) {
        const result = await caller.callTool({ name: `${server}__echo`, arguments: { text: `via ${server}` } });
        expect(result.content).toEqual([{ type: "text", text: `via ${server}` }]);
      }
    }
    expect(fastLane.served - before).toBe(4);
  });

  test("tools/call reaches the WebSocket server with subprotocol mcp (SDK client transport)", async () => {
    const result = await client.callTool({ name: "socket__add", arguments: { a: 2, b: 40 } });
    expect(result.structuredContent).toEqual({ sum: 42 });
    expect(ws.seen.protocols).toContain("mcp");
  });

  test("a WebSocket server row with headers connects with them (Bun WebSocket with headers)", async () => {
    const result = await client.callTool({ name: "socketauth__echo", arguments: { text: "with header" } });
    expect(result.content).toEqual([{ type: "text", text: "with header" }]);
    expect(wsAuthed.seen.upgrades).toBeGreaterThanOrEqual(1);
    expect(wsAuthed.seen.protocols).toContain("mcp");
  });

  test("a dead SSE upstream answers a JSON-RPC error naming it", async () => {
    const error = await client.callTool({ name: "deadsse__echo", arguments: { text: "x" } }).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error.message)).toContain('"deadsse"');
    expect(typeof error.code).toBe("number");
  }, 20_000);

  test("a dead WebSocket upstream answers a JSON-RPC error naming it; the others still work", async () => {
    const error = await client.callTool({ name: "deadws__echo", arguments: { text: "x" } }).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error.message)).toContain('"deadws"');
    const result = await client.callTool({ name: "socket__echo", arguments: { text: "still here" } });
    expect(result.content).toEqual([{ type: "text", text: "still here" }]);
    const viaSse = await client.callTool({ name: "legacy__echo", arguments: { text: "sse too" } });
    expect(viaSse.content).toEqual([{ type: "text", text: "sse too" }]);
  }, 20_000);
});
