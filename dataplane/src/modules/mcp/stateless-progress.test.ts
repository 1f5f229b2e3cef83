// Progress on the stateless revision 2026-07-28 of /mcp: a request's own SSE response stream is the only
// channel it has for notifications/progress, so a request with a progress token that accepts SSE gets
// the upstream's progress there, then the answer. Found with mcp-remote --protocol auto and the SDK v2
// client: the gateway used to drop the token, so the upstream never reported progress.
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { demoStdioServer, eventually } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { rpcPost } from "./transport-fixtures.ts";

const suite = gatewaySuite({
  servers: [
    {
      name: "conformance",
      transport: "stdio",
      command: process.execPath,
      args: [join(import.meta.dir, "..", "..", "conformance", "conformance-server.ts")],
    },
    demoStdioServer("demo", { protocol: true }),
  ],
});

const MODERN = "2026-07-28";
const envelope = {
  "io.modelcontextprotocol/protocolVersion": MODERN,
  "io.modelcontextprotocol/clientCapabilities": {},
};
const callWithProgress = (id: number, progressToken: string, name = "conformance__test_tool_with_progress") => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name, arguments: name.endsWith("sleep") ? { ms: 10_000 } : {}, _meta: { ...envelope, progressToken } },
});
const headers = (accept: string) => ({ accept, "mcp-protocol-version": MODERN });

/** The JSON-RPC messages of an SSE body, in order. */
function sseMessages(body: string): Array<Record<string, unknown>> {
  return body
    .split("\n\n")
    .map((event) => event.split("\n").find((line) => line.startsWith("data: ")))
    .filter((line): line is string => line !== undefined)
    .map((line) => JSON.parse(line.slice("data: ".length)));
}

describe("progress on stateless 2026-07-28 requests", () => {
  test("the SDK v2 client pinned to 2026-07-28 receives every progress notification of a call", async () => {
    const client = new Client({ name: "sdk-v2", version: "2.4.0" }, { versionNegotiation: { mode: { pin: MODERN } } });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${suite.ns}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${suite.key.key}` } },
      }),
    );
    try {
      const seen: number[] = [];
      const result = await client.callTool(
        { name: "conformance__test_tool_with_progress", arguments: {} },
        { onprogress: (progress) => void seen.push(progress.progress) },
      );
      expect(seen).toEqual([0, 50, 100]);
      // The upstream got a progress token (its own, from the gateway's upstream client).
      expect(result.content).not.toEqual([{ type: "text", text: "no progress token" }]);
    } finally {
      await client.close();
    }
  });

  test("a raw request with a progress token that accepts SSE gets the progress under its token, then the result", async () => {
    const response = await rpcPost(
      `${suite.ns}/mcp`,
      suite.key.key,
      callWithProgress(7, "raw-token"),
      headers("application/json, text/event-stream"),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("mcp-session-id")).toBeNull();
    const messages = sseMessages(await response.text());
    expect(messages.map((message) => message.method ?? "response")).toEqual([
      "notifications/progress",
      "notifications/progress",
      "notifications/progress",
      "response",
    ]);
    expect(messages.slice(0, 3).map((message) => message.params)).toEqual(
      [0, 50, 100].map((progress) => ({
        progressToken: "raw-token",
        progress,
        total: 100,
        message: `Completed step ${progress} of 100`,
      })),
    );
    expect(messages[3]).toMatchObject({ jsonrpc: "2.0", id: 7, result: { resultType: "complete" } });
  });

  test("a client that accepts only JSON gets one JSON answer (no stream to carry progress on)", async () => {
    const response = await rpcPost(
      `${suite.ns}/mcp`,
      suite.key.key,
      callWithProgress(8, "json-token"),
      headers("application/json"),
    );
    expect(response.headers.get("content-type")).toStartWith("application/json");
    const answer = (await response.json()) as { id: number; result: { content: unknown } };
    expect(answer.id).toBe(8);
    expect(answer.result.content).toEqual([{ type: "text", text: "no progress token" }]);
  });

  test("closing a progress stream cancels the upstream call", async () => {
    const stats = async () => {
      const answer = (await (
        await rpcPost(`${suite.ns}/rpc`, suite.key.key, {
          jsonrpc: "2.0",
          id: 10,
          method: "tools/call",
          params: { name: "demo__stats", arguments: {} },
        })
      ).json()) as { result: { content: Array<{ text: string }> } };
      return JSON.parse(answer.result.content[0]!.text) as { cancelled: number };
    };
    // Starts the demo process, so the call below reaches it while the stream is open.
    const before = (await stats()).cancelled;
    const abort = new AbortController();
    const response = await fetch(`${suite.ns}/mcp`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${suite.key.key}`,
        ...headers("application/json, text/event-stream"),
      },
      body: JSON.stringify(callWithProgress(9, "cancel-token", "demo__cancellable_sleep")),
      signal: abort.signal,
    });
    // The stream is open before the upstream answers (headers at once), so the client can close it.
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    await new Promise((resolve) => setTimeout(resolve, 200));
    abort.abort();
    expect(await eventually(async () => (await stats()).cancelled === before + 1)).toBe(true);
  });
});
