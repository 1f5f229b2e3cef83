// Event streams outlive Bun's idleTimeout, which in Bun closes a connection whose response is still
// streaming: a tool call longer than it, over every streaming client transport, still gets its answer,
// and a quiet session GET stream stays open with keepalive comments. The gateway listens with a 1 s
// idle timeout here (60 s in index.ts) and sends keepalives every 300 ms.
import { describe, expect, test } from "bun:test";
import { demoStdioServer, INITIALIZE, postJson } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { connectSseClient } from "./transport-fixtures.ts";

const suite = gatewaySuite({
  servers: [demoStdioServer()],
  env: { OMNIMESH_SSE_KEEPALIVE_MS: "300" },
  idleTimeout: 1,
});

// Bun checks idle timeouts on a 4 s tick: 5 s is past the first one.
const LONG_MS = 5_000;
const sleep = { name: "demo__sleep", arguments: { ms: LONG_MS } };
const textOf = (result: unknown) => (result as { content: Array<{ text: string }> }).content[0]!.text;

describe("event streams longer than the idle timeout", () => {
  test("a long call over Streamable HTTP (fast lane and SDK path) and legacy SSE gets its answer", async () => {
    const plain = await suite.connect();
    const ide = await suite.connect({ capabilities: { roots: { listChanged: true } } });
    const sse = await connectSseClient(`${suite.ns}/sse`, suite.key.key);
    const answers = await Promise.all([
      plain.callTool(sleep),
      ide.callTool(sleep),
      sse.callTool(sleep),
      // With a progress token (a stdio server: the SDK path), answered on the call's own event stream.
      plain.callTool(sleep, undefined, { onprogress: () => {} }),
    ]);
    for (const answer of answers) expect(textOf(answer)).toBe(`slept ${LONG_MS} ms`);
    // The legacy SSE session's stream survived too: it still answers.
    expect(textOf(await sse.callTool({ name: "demo__echo", arguments: { text: "still here" } }))).toBe("still here");
    await sse.close();
  }, 20_000);

  test("a long fast-lane call of a 2025-06-18 session is never quiet for long: it switches to an event stream", async () => {
    // A proxy in front of the gateway (nginx's 60 s proxy_read_timeout, a load balancer's idle timeout)
    // cuts a response that sends nothing for a minute: a JSON answer after 70 s never arrives. The SDK
    // path streams from the start; the fast lane answers quick calls as JSON and switches slow ones to
    // an event stream (headers at once, then keepalive comments) after the keepalive interval.
    const init = await postJson(suite.endpoint, INITIALIZE, suite.auth);
    await init.text();
    const headers = {
      ...suite.auth,
      "mcp-session-id": init.headers.get("mcp-session-id")!,
      "mcp-protocol-version": "2025-06-18",
    };
    await (await postJson(suite.endpoint, { jsonrpc: "2.0", method: "notifications/initialized" }, headers)).text();
    const served = suite.gateway.dataplane.fastLane!.served;
    const call = (id: number, name: string, args: Record<string, unknown>) =>
      postJson(
        suite.endpoint,
        { jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } },
        headers,
      );

    const quick = await call(2, "demo__echo", { text: "quick" });
    expect(quick.headers.get("content-type")).toBe("application/json");
    expect(textOf(((await quick.json()) as { result: unknown }).result)).toBe("quick");

    const started = performance.now();
    const slow = await call(3, "demo__sleep", { ms: 2_000 });
    const headersAfter = performance.now() - started;
    expect(slow.headers.get("content-type")).toBe("text/event-stream");
    expect(headersAfter).toBeLessThan(1_000);
    const body = await slow.text();
    expect(body.split(": keepalive").length).toBeGreaterThan(2);
    const events = body.split("\n").filter((line) => line.startsWith("data: "));
    expect(events.map((line) => JSON.parse(line.slice(6)))).toEqual([
      { jsonrpc: "2.0", id: 3, result: { content: [{ type: "text", text: "slept 2000 ms" }] } },
    ]);
    expect(suite.gateway.dataplane.fastLane!.served - served).toBe(2);
  }, 20_000);

  test("a long stateless 2026-07-28 call switches to an event stream too; a quick one is JSON", async () => {
    const meta = {
      "io.modelcontextprotocol/protocolVersion": "2026-07-28",
      "io.modelcontextprotocol/clientCapabilities": {},
      "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1" },
    };
    const call = (id: number, name: string, args: Record<string, unknown>) =>
      postJson(
        suite.endpoint,
        { jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args, _meta: meta } },
        { ...suite.auth, "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call" },
      );
    const quick = await call(1, "demo__echo", { text: "quick" });
    expect(quick.headers.get("content-type")).toStartWith("application/json");
    expect(textOf(((await quick.json()) as { result: unknown }).result)).toBe("quick");

    const started = performance.now();
    const slow = await call(2, "demo__sleep", { ms: 2_000 });
    expect(slow.headers.get("content-type")).toBe("text/event-stream");
    expect(performance.now() - started).toBeLessThan(1_000);
    const body = await slow.text();
    expect(body.split(": keepalive").length).toBeGreaterThan(2);
    const events = body
      .split("\n")
      .filter((line) => line.startsWith("data: "))
      .map((line) => JSON.parse(line.slice(6)) as { id: number; result: unknown });
    expect(events.map((event) => [event.id, textOf(event.result)])).toEqual([[2, "slept 2000 ms"]]);
  }, 20_000);

  test("a quiet session GET stream stays open and carries keepalive comments", async () => {
    const init = await fetch(suite.endpoint, {
      method: "POST",
      headers: {
        ...suite.auth,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify(INITIALIZE),
    });
    const session = init.headers.get("mcp-session-id")!;
    await init.body?.cancel();
    const headers = { ...suite.auth, "mcp-session-id": session, "mcp-protocol-version": "2025-06-18" };
    await fetch(suite.endpoint, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
    });
    const stream = await fetch(suite.endpoint, { headers: { ...headers, accept: "text/event-stream" } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const until = Date.now() + LONG_MS;
    while (Date.now() < until) {
      const { done, value } = await reader.read();
      expect(done).toBe(false);
      text += decoder.decode(value);
    }
    expect(text.split(": keepalive").length).toBeGreaterThan(5);
    await reader.cancel();
  }, 20_000);
});
