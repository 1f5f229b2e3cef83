// Streamable HTTP details a raw client can see: resuming a dropped SSE stream with Last-Event-ID,
// MCP-Protocol-Version checking, 202 for notifications, and batches (refused from 2025-06-18,
// accepted for 2025-03-26). Raw fetch against the real gateway with the stdio demo server upstream.
import { describe, expect, test } from "bun:test";
import { demoStdioServer, postJson } from "../test/fixtures.ts";
import { gatewaySuite } from "../test/gateway-suite.ts";

const suite = gatewaySuite({ servers: [demoStdioServer("local")] });

interface RpcErrorBody {
  jsonrpc: string;
  error: { code: number; message: string };
}

interface SseEvent {
  id?: string;
  data: string;
}

/** Reads SSE events from a response until `done` says stop (or the time runs out). */
async function readEvents(response: Response, done: (events: SseEvent[]) => boolean, timeoutMs = 10_000) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = "";
  const deadline = Date.now() + timeoutMs;
  while (!done(events)) {
    if (Date.now() > deadline) throw new Error(`no matching event in time: ${JSON.stringify(events)}`);
    const chunk = await Promise.race([
      reader.read(),
      new Promise<{ done: true; value: undefined }>((resolve) =>
        setTimeout(() => resolve({ done: true, value: undefined }), deadline - Date.now()),
      ),
    ]);
    if (chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: SseEvent = { data: "" };
      for (const line of block.split("\n")) {
        if (line.startsWith("id: ")) event.id = line.slice(4);
        if (line.startsWith("data: ")) event.data += line.slice(6);
      }
      if (event.id !== undefined || event.data) events.push(event);
      end = buffer.indexOf("\n\n");
    }
  }
  await reader.cancel().catch(() => {});
  return events;
}

/** initialize + initialized with a raw client; returns the session id. */
async function openSession(protocolVersion: string): Promise<string> {
  const response = await postJson(
    suite.endpoint,
    {
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion, capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    },
    suite.auth,
  );
  expect(response.status).toBe(200);
  const sessionId = response.headers.get("mcp-session-id")!;
  await response.text();
  const initialized = await postJson(
    suite.endpoint,
    { jsonrpc: "2.0", method: "notifications/initialized" },
    { ...suite.auth, "mcp-session-id": sessionId, "mcp-protocol-version": protocolVersion },
  );
  expect(initialized.status).toBe(202);
  return sessionId;
}

describe("Streamable HTTP", () => {
  test("a client that lost its SSE stream resumes with Last-Event-ID and gets the missed response", async () => {
    const sessionId = await openSession("2025-11-25");
    const headers = { ...suite.auth, "mcp-session-id": sessionId, "mcp-protocol-version": "2025-11-25" };
    const call = await postJson(
      suite.endpoint,
      { jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "local__sleep", arguments: { ms: 800 } } },
      headers,
    );
    expect(call.headers.get("content-type")).toContain("text/event-stream");
    // The priming event carries the id to resume from; then the stream is dropped mid-call.
    const [priming] = await readEvents(call, (events) => events.length > 0);
    expect(priming?.id).toBeString();
    expect(priming?.data.trim()).toBe("");
    await new Promise((resolve) => setTimeout(resolve, 1_200));

    const resumed = await fetch(suite.endpoint, {
      headers: { ...headers, accept: "text/event-stream", "last-event-id": priming!.id! },
    });
    expect(resumed.status).toBe(200);
    const events = await readEvents(resumed, (list) => list.some((event) => event.data.includes('"id":7')));
    const response = JSON.parse(events.find((event) => event.data.includes('"id":7'))!.data);
    expect(response).toEqual({ jsonrpc: "2.0", id: 7, result: { content: [{ type: "text", text: "slept 800 ms" }] } });
  }, 30_000);

  test("an unknown Last-Event-ID is a 400 with a JSON-RPC error", async () => {
    const sessionId = await openSession("2025-11-25");
    const response = await fetch(suite.endpoint, {
      headers: {
        ...suite.auth,
        accept: "text/event-stream",
        "mcp-session-id": sessionId,
        "mcp-protocol-version": "2025-11-25",
        "last-event-id": "nope_1",
      },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as RpcErrorBody).error.code).toBe(-32000);
  }, 30_000);

  test("an unsupported MCP-Protocol-Version is a 400 with a JSON-RPC error naming the supported ones", async () => {
    const sessionId = await openSession("2025-06-18");
    const response = await postJson(
      suite.endpoint,
      { jsonrpc: "2.0", id: 1, method: "tools/list" },
      { ...suite.auth, "mcp-session-id": sessionId, "mcp-protocol-version": "1999-01-01" },
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as RpcErrorBody;
    expect(body.jsonrpc).toBe("2.0");
    expect(body.error.message).toContain("Unsupported protocol version: 1999-01-01");
    expect(body.error.message).toContain("2025-06-18");
  }, 30_000);

  test("a batch is refused from protocol 2025-06-18 on", async () => {
    const sessionId = await openSession("2025-06-18");
    const response = await postJson(
      suite.endpoint,
      [
        { jsonrpc: "2.0", id: 1, method: "tools/list" },
        { jsonrpc: "2.0", id: 2, method: "prompts/list" },
      ],
      { ...suite.auth, "mcp-session-id": sessionId, "mcp-protocol-version": "2025-06-18" },
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as RpcErrorBody;
    expect(body.error.code).toBe(-32600);
    expect(body.error.message).toContain("batches are not supported by protocol version 2025-06-18");
  }, 30_000);

  test("a batch is answered for protocol 2025-03-26", async () => {
    const sessionId = await openSession("2025-03-26");
    const response = await postJson(
      suite.endpoint,
      [
        { jsonrpc: "2.0", id: 1, method: "tools/list" },
        { jsonrpc: "2.0", id: 2, method: "prompts/list" },
      ],
      { ...suite.auth, "mcp-session-id": sessionId, "mcp-protocol-version": "2025-03-26" },
    );
    expect(response.status).toBe(200);
    const events = await readEvents(response, (list) => list.length >= 2);
    const ids = events.map((event) => JSON.parse(event.data).id).sort();
    expect(ids).toEqual([1, 2]);
  }, 30_000);
});
