// The legacy HTTP+SSE transport against a real gateway, the real demo server and the SDK's SSE client.
import { describe, expect, test } from "bun:test";
import { demoStdioServer } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { connectSseClient, loggedTransports, readSseUntil, rpcPost } from "./transport-fixtures.ts";

const suite = gatewaySuite({ servers: [demoStdioServer()], key: false });

/** Opens a raw SSE session and returns its POST URL (from the `endpoint` event) and the open response. */
async function openRawSession(key: string) {
  const response = await fetch(`${suite.ns}/sse`, {
    headers: { authorization: `Bearer ${key}`, accept: "text/event-stream" },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/event-stream");
  const reader = response.body!.getReader();
  const { value } = await reader.read();
  const first = new TextDecoder().decode(value);
  const match = /^event: endpoint\ndata: (\S+)\n\n/.exec(first);
  expect(match).not.toBeNull();
  return { postUrl: `${suite.gateway.url}${match![1]}`, reader };
}

describe("legacy SSE transport (/ns/:org/:ns/sse + /messages)", () => {
  test("the SDK's SSE client lists and calls tools; request_logs say transport sse", async () => {
    const { key, id } = await suite.createKey();
    const client = await connectSseClient(`${suite.ns}/sse`, key);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("demo__add");
    const result = await client.callTool({ name: "demo__add", arguments: { a: 2, b: 3 } });
    expect(result.structuredContent).toEqual({ sum: 5 });
    const session = suite.gateway.dataplane.sessions.list().find((s) => s.apiKeyId === id);
    expect(session?.kind).toBe("sse");
    await client.close();
    const rows = await loggedTransports(suite.pool, id, "tools/call");
    expect(rows).toEqual([{ transport: "sse", status: "ok" }]);
  });

  test("the first event names the POST URL; a POST is answered 202 and its response goes on the stream with an id", async () => {
    const { key } = await suite.createKey();
    const { postUrl, reader } = await openRawSession(key);
    expect(postUrl).toMatch(/\/ns\/[^/]+\/[^/]+\/messages\?sessionId=[\w-]+$/);
    const init = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2024-11-05", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    };
    const posted = await rpcPost(postUrl, key, init);
    expect(posted.status).toBe(202);
    const { value } = await reader.read();
    const event = new TextDecoder().decode(value);
    expect(event).toMatch(/^id: 1\nevent: message\ndata: /);
    expect(JSON.parse(event.split("data: ")[1]!)).toMatchObject({ id: 1, result: { protocolVersion: "2024-11-05" } });
    await reader.cancel();
  });

  test("replay: events after Last-Event-ID (or ?after=) are sent again, to the same key only", async () => {
    const { key } = await suite.createKey();
    const other = await suite.createKey();
    const { postUrl, reader } = await openRawSession(key);
    const sessionId = new URL(postUrl).searchParams.get("sessionId")!;
    await rpcPost(postUrl, key, { jsonrpc: "2.0", id: "a", method: "ping" });
    await rpcPost(postUrl, key, { jsonrpc: "2.0", id: "b", method: "ping" });
    let seen = "";
    while (!seen.includes('"id":"b"')) seen += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const replay = await fetch(`${suite.ns}/sse/replay/${sessionId}`, {
      headers: { authorization: `Bearer ${key}`, "last-event-id": "1" },
    });
    expect(replay.status).toBe(200);
    const replayed = await readSseUntil(replay, (text) => text.includes('"id":"b"'));
    expect(replayed).toStartWith("id: 2\nevent: message\n");
    expect(replayed).not.toContain('"id":"a"');
    const byQuery = await fetch(`${suite.ns}/sse/replay/${sessionId}?after=0`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(await readSseUntil(byQuery, (text) => text.includes('"id":"b"'))).toContain('"id":"a"');
    const stolen = await fetch(`${suite.ns}/sse/replay/${sessionId}?after=0`, {
      headers: { authorization: `Bearer ${other.key}` },
    });
    expect(stolen.status).toBe(404);
    const noCursor = await fetch(`${suite.ns}/sse/replay/${sessionId}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(noCursor.status).toBe(400);
  });

  test("another key's POST to a session → 404 session not found; bad input → 400 with a JSON-RPC error", async () => {
    const { key } = await suite.createKey();
    const other = await suite.createKey();
    const { postUrl, reader } = await openRawSession(key);
    const stolen = await rpcPost(postUrl, other.key, { jsonrpc: "2.0", id: 1, method: "ping" });
    expect(stolen.status).toBe(404);
    expect(((await stolen.json()) as { error: { message: string } }).error.message).toStartWith("Session not found");
    const noSession = await rpcPost(`${suite.ns}/messages`, key, { jsonrpc: "2.0", id: 1, method: "ping" });
    expect(noSession.status).toBe(400);
    const batch = await rpcPost(postUrl, key, [{ jsonrpc: "2.0", id: 1, method: "ping" }]);
    expect(batch.status).toBe(400);
    expect(((await batch.json()) as { error: { code: number } }).error.code).toBe(-32600);
    const notRpc = await rpcPost(postUrl, key, { hello: "world" });
    expect(notRpc.status).toBe(400);
    await reader.cancel();
  });
});
