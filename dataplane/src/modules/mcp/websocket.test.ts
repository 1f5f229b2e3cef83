// MCP over WebSocket against a real gateway, the real demo server and the SDK's WebSocket client.
import { describe, expect, test } from "bun:test";
import { demoStdioServer, eventually } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { connectWsClient, loggedTransports } from "./transport-fixtures.ts";

const suite = gatewaySuite({ servers: [demoStdioServer()], key: false });

const wsUrl = () => `${suite.ns.replace(/^http/, "ws")}/ws`;

/** A raw socket; resolves once open (with the negotiated subprotocol) or rejects on error/close. */
function openSocket(url: string, protocols: string[], headers?: Record<string, string>) {
  const socket = new WebSocket(url, (headers ? { protocols, headers } : protocols) as never);
  const frames: unknown[] = [];
  socket.onmessage = (event) => frames.push(JSON.parse(String(event.data)));
  const opened = new Promise<WebSocket>((resolve, reject) => {
    socket.onopen = () => resolve(socket);
    socket.onerror = () => reject(new Error("socket error"));
    socket.onclose = (event) => reject(new Error(`closed ${event.code}`));
  });
  return { socket, frames, opened };
}

async function nextFrame(frames: unknown[], count: number) {
  const deadline = Date.now() + 5_000;
  while (frames.length < count) {
    if (Date.now() > deadline) throw new Error("no frame");
    await Bun.sleep(10);
  }
  return frames[count - 1] as {
    jsonrpc?: string;
    id?: unknown;
    result?: Record<string, unknown>;
    error?: { code: number; message: string };
  };
}

describe("WebSocket transport (/ns/:org/:ns/ws)", () => {
  test("the SDK's WebSocket client (Authorization header) lists and calls tools; logs say websocket", async () => {
    const { key, id } = await suite.createKey();
    const client = await connectWsClient(`${suite.ns}/ws`, key);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("demo__echo");
    const result = await client.callTool({ name: "demo__echo", arguments: { text: "over ws" } });
    expect(result.content).toEqual([{ type: "text", text: "over ws" }]);
    expect(suite.gateway.dataplane.sessions.list().find((s) => s.apiKeyId === id)?.kind).toBe("websocket");
    await client.close();
    expect(await loggedTransports(suite.pool, id, "tools/call")).toEqual([{ transport: "websocket", status: "ok" }]);
    // Closing the socket closes the session.
    await Bun.sleep(50);
    expect(suite.gateway.dataplane.sessions.list().some((s) => s.apiKeyId === id)).toBe(false);
  });

  test("a browser-style credential in the subprotocol list works and only 'mcp' is echoed", async () => {
    const { key } = await suite.createKey();
    const { socket, frames, opened } = openSocket(wsUrl(), ["mcp", `bearer.${key}`]);
    await opened;
    expect(socket.protocol).toBe("mcp");
    socket.send(
      JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "browser", version: "1" } },
      }),
    );
    expect((await nextFrame(frames, 1)).result?.protocolVersion).toBe("2025-06-18");
    socket.send("{not json");
    expect((await nextFrame(frames, 2)).error).toEqual({
      code: -32700,
      message: "Parse error: frame is not valid JSON",
    });
    socket.send(JSON.stringify([{ jsonrpc: "2.0", id: 2, method: "ping" }]));
    expect((await nextFrame(frames, 3)).error?.code).toBe(-32600);
    socket.send(JSON.stringify({ jsonrpc: "2.0", id: 3, method: "ping" }));
    expect(await nextFrame(frames, 4)).toEqual({ jsonrpc: "2.0", id: 3, result: {} });
    socket.close();
  });

  test("revoking the key stops its open socket: the next frame gets -32041 and the socket closes", async () => {
    const { key, id } = await suite.createKey();
    const { socket, frames, opened } = openSocket(wsUrl(), ["mcp", `bearer.${key}`]);
    await opened;
    let closedWith = 0;
    socket.onclose = (event) => {
      closedWith = event.code;
    };
    socket.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }));
    expect((await nextFrame(frames, 1)).result).toEqual({});
    await suite.pool.query(`update api_keys set revoked_at = now() where id = $1`, [id]);
    // The change notification drops the cached key; frames sent before it lands may still pass.
    await eventually(async () => {
      socket.send(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" }));
      await Bun.sleep(50);
      return closedWith !== 0;
    });
    expect(closedWith).toBe(4401);
    const refused = frames.find((frame) => (frame as { error?: unknown }).error) as {
      error: { code: number; message: string };
    };
    expect(refused.error).toEqual({ code: -32041, message: "API key has been revoked" });
  });

  test("rejected upgrades: no credential 401, token in the query 401, no 'mcp' subprotocol 400, not an upgrade 400, bad key refused", async () => {
    const { key } = await suite.createKey();
    const httpUrl = `${suite.ns}/ws`;
    const upgrade = {
      upgrade: "websocket",
      connection: "Upgrade",
      "sec-websocket-version": "13",
      "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
    };
    const noKey = await fetch(httpUrl, { headers: { ...upgrade, "sec-websocket-protocol": "mcp" } });
    expect(noKey.status).toBe(401);
    const inQuery = await fetch(`${httpUrl}?access_token=${key}`, {
      headers: { ...upgrade, "sec-websocket-protocol": "mcp" },
    });
    expect(inQuery.status).toBe(401);
    expect(((await inQuery.json()) as { error: { message: string } }).error.message).toContain(
      'Credentials in the query string ("access_token") are not accepted',
    );
    const noProtocol = await fetch(httpUrl, { headers: { ...upgrade, authorization: `Bearer ${key}` } });
    expect(noProtocol.status).toBe(400);
    const notUpgrade = await fetch(httpUrl, { headers: { authorization: `Bearer ${key}` } });
    expect(notUpgrade.status).toBe(400);
    const { opened } = openSocket(wsUrl(), ["mcp"], { authorization: "Bearer nonsense" });
    expect(await opened.then(() => "open").catch((error: Error) => error.message)).not.toBe("open");
  });
});
