// Log messages for stateless 2026-07-28 requests on /mcp: a request with
// `_meta["io.modelcontextprotocol/logLevel"]` that accepts SSE gets the upstream's notifications/message
// at or above that level on its own stream, then the answer (found with mcp-remote --protocol auto, which
// turns a client's logging/setLevel into that key on every later request). Real gateway; the demo and
// conformance servers over stdio (one shared process), an SDK v1 server over Streamable HTTP that
// records setLevel (src/test/log-upstream.ts); raw fetches and the SDK v2 client.
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { demoStdioServer } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { type LogUpstream, serveLogUpstream } from "../../test/log-upstream.ts";
import { rpcPost } from "./transport-fixtures.ts";

let upstream: LogUpstream;
const suite = gatewaySuite({
  servers: () => {
    upstream = serveLogUpstream();
    suite.onStop(() => upstream.stop());
    return [
      demoStdioServer("demo", { protocol: true }),
      {
        name: "conf",
        transport: "stdio",
        command: process.execPath,
        args: [join(import.meta.dir, "..", "..", "conformance", "conformance-server.ts")],
      },
      { name: "rec", transport: "streamable-http", url: `http://127.0.0.1:${upstream.port}/mcp` },
    ];
  },
});

const MODERN = "2026-07-28";
const LOG_LEVEL = "io.modelcontextprotocol/logLevel";
const SSE = "application/json, text/event-stream";
type Message = { id?: unknown; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown> };
type Answer = { id: unknown; result?: Record<string, unknown>; error?: { code: number; message: string } };

const meta = (level: string | null, capabilities: Record<string, unknown> = {}) => ({
  "io.modelcontextprotocol/protocolVersion": MODERN,
  "io.modelcontextprotocol/clientCapabilities": capabilities,
  ...(level === null ? {} : { [LOG_LEVEL]: level }),
});
let nextId = 1;

function call(name: string, args: Record<string, unknown>, metaFields: Record<string, unknown>, accept = SSE) {
  return rpcPost(
    `${suite.ns}/mcp`,
    suite.key.key,
    { jsonrpc: "2.0", id: nextId++, method: "tools/call", params: { name, arguments: args, _meta: metaFields } },
    { accept, "mcp-protocol-version": MODERN, "mcp-method": "tools/call" },
  );
}

/** The JSON-RPC messages of an SSE body, in order. */
async function sseMessages(response: Response): Promise<Message[]> {
  expect(response.headers.get("content-type")).toBe("text/event-stream");
  return (await response.text())
    .split("\n\n")
    .map((event) => event.split("\n").find((line) => line.startsWith("data: ")))
    .filter((line): line is string => line !== undefined)
    .map((line) => JSON.parse(line.slice("data: ".length)) as Message);
}

const logsOf = (messages: Message[]) =>
  messages.filter((message) => message.method === "notifications/message").map((message) => message.params);
const LEVELS = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];
const warningAndUp = LEVELS.slice(3).map((level) => ({ level, logger: "rec/up", data: level }));

describe("log messages of stateless 2026-07-28 requests", () => {
  test("a call that asks for a level gets the upstream's messages at or above it on its stream, logger prefixed with the server, then the answer", async () => {
    const messages = await sseMessages(await call("conf__test_tool_with_logging", {}, meta("info")));
    expect(messages.map((message) => message.method ?? "response")).toEqual([
      "notifications/message",
      "notifications/message",
      "notifications/message",
      "response",
    ]);
    expect(logsOf(messages)).toEqual(
      ["Tool execution started", "Tool processing data", "Tool execution completed"].map((data) => ({
        level: "info",
        logger: "conf/conformance",
        data,
      })),
    );
    expect(messages[3]).toMatchObject({ result: { resultType: "complete" } });

    // Below the level: filtered out, as for a session that set that level.
    const quiet = await sseMessages(await call("demo__log", { level: "info", message: "too chatty" }, meta("warning")));
    expect(logsOf(quiet)).toEqual([]);
    const loud = await sseMessages(await call("demo__log", { level: "error", message: "disk full" }, meta("warning")));
    expect(logsOf(loud)).toEqual([{ level: "error", logger: "demo/demo", data: "disk full" }]);
    expect(loud.at(-1)).toMatchObject({ result: { content: [{ type: "text", text: "logged" }] } });
  });

  test("on the per-server endpoint the logger is the upstream's own", async () => {
    const response = await rpcPost(
      suite.serverEndpoint("conf"),
      suite.key.key,
      {
        jsonrpc: "2.0",
        id: nextId++,
        method: "tools/call",
        params: { name: "test_tool_with_logging", arguments: {}, _meta: meta("debug") },
      },
      { accept: SSE, "mcp-protocol-version": MODERN },
    );
    const loggers = logsOf(await sseMessages(response)).map((params) => params?.logger);
    expect(loggers).toEqual(["conformance", "conformance", "conformance"]);
  });

  test("the SDK v2 client pinned to 2026-07-28 hears them through its notifications/message handler", async () => {
    const client = new Client({ name: "sdk-v2", version: "2.4.0" }, { versionNegotiation: { mode: { pin: MODERN } } });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${suite.ns}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${suite.key.key}` } },
      }),
    );
    try {
      const heard: unknown[] = [];
      client.setNotificationHandler("notifications/message", (notification) => void heard.push(notification.params));
      const result = await client.callTool({
        name: "conf__test_tool_with_logging",
        arguments: {},
        _meta: { [LOG_LEVEL]: "info" },
      });
      expect(result.content).toEqual([{ type: "text", text: "Tool with logging executed successfully" }]);
      expect(heard).toEqual([
        { level: "info", logger: "conf/conformance", data: "Tool execution started" },
        { level: "info", logger: "conf/conformance", data: "Tool processing data" },
        { level: "info", logger: "conf/conformance", data: "Tool execution completed" },
      ]);
    } finally {
      await client.close();
    }
  });

  test("no level, or a client that accepts only JSON: one JSON answer; a level that is none: -32602", async () => {
    for (const response of [
      await call("conf__test_tool_with_logging", {}, meta(null)),
      await call("conf__test_tool_with_logging", {}, meta("info"), "application/json"),
    ]) {
      expect(response.headers.get("content-type")).toStartWith("application/json");
      expect(((await response.json()) as Answer).result).toMatchObject({ resultType: "complete" });
    }
    const bad = (await (await call("demo__echo", { text: "x" }, meta("verbose"))).json()) as Answer;
    expect(bad.error?.code).toBe(-32602);
    expect(bad.error?.message).toContain(LOG_LEVEL);
  });

  test("an HTTP server's shared session delivers the call's messages and keeps its level; a multi-round-trip call's own session is asked for the call's level", async () => {
    const before = upstream.levels.length;
    // Plain call: the server's shared upstream session, whose level is everyone's — not changed.
    const shared = await sseMessages(await call("rec__log_all", {}, meta("warning")));
    expect(logsOf(shared)).toEqual(warningAndUp);
    expect(upstream.levels.length).toBe(before);

    // A client that declares sampling: the call runs on an upstream session of its own (a lease),
    // which is asked to log at the call's level before the call is sent.
    const own = await sseMessages(await call("rec__log_all", {}, meta("warning", { sampling: {} })));
    expect(logsOf(own)).toEqual(warningAndUp);
    expect(upstream.levels.slice(before).map(([, level]) => level)).toEqual(["warning"]);
    const leased = upstream.levels.at(-1)![0];
    const again = await sseMessages(await call("rec__log_all", {}, meta("error", { sampling: {} })));
    expect(logsOf(again)).toEqual(warningAndUp.slice(1));
    // The lease is reused and set to the new call's level.
    expect(upstream.levels.slice(before)).toEqual([
      [leased, "warning"],
      [leased, "error"],
    ]);
  });

  test("plain calls to an HTTP server take the fast lane, and each gets exactly the messages of its own upstream stream", async () => {
    const fastLane = suite.gateway.dataplane.fastLane!;
    const served = fastLane.served;
    // Concurrent calls: the SDK path could not tell their messages apart (none would be delivered);
    // on the fast lane each message arrives on the stream of the call it is about.
    const streams = await Promise.all(
      ["warning", "error", "critical"].map(async (level) => sseMessages(await call("rec__log_all", {}, meta(level)))),
    );
    expect(logsOf(streams[0]!)).toEqual(warningAndUp);
    expect(logsOf(streams[1]!)).toEqual(warningAndUp.slice(1));
    expect(logsOf(streams[2]!)).toEqual(warningAndUp.slice(2));
    expect(fastLane.served - served).toBe(3);
  });

  test("a multi-round-trip call's messages go to the leg that is running when they come", async () => {
    const first = await sseMessages(await call("rec__sample_then_log", {}, meta("info", { sampling: {} })));
    expect(logsOf(first)).toEqual([]);
    const answer = first.at(-1)!.result as { resultType: string; requestState: string; inputRequests: object };
    expect(answer.resultType).toBe("input_required");
    const [key] = Object.keys(answer.inputRequests);
    const retry = await rpcPost(
      `${suite.ns}/mcp`,
      suite.key.key,
      {
        jsonrpc: "2.0",
        id: nextId++,
        method: "tools/call",
        params: {
          name: "rec__sample_then_log",
          arguments: {},
          requestState: answer.requestState,
          inputResponses: { [key!]: { role: "assistant", content: { type: "text", text: "a" }, model: "m" } },
          _meta: meta("info", { sampling: {} }),
        },
      },
      { accept: SSE, "mcp-protocol-version": MODERN },
    );
    const second = await sseMessages(retry);
    expect(logsOf(second)).toEqual([{ level: "info", logger: "rec/up", data: "after sampling" }]);
    expect(second.at(-1)).toMatchObject({ result: { resultType: "complete", content: [{ text: "sampled" }] } });
  });

  test("on a shared process, a message is not delivered while a client session also has a call in flight there (it could be that call's)", async () => {
    const session = await suite.connect({ name: "busy" });
    const busy = session.callTool({ name: "demo__sleep", arguments: { ms: 1_500 } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const during = await sseMessages(await call("demo__log", { level: "error", message: "whose?" }, meta("debug")));
    expect(logsOf(during)).toEqual([]);
    expect(during.at(-1)).toMatchObject({ result: { resultType: "complete" } });
    await busy;
    const after = await sseMessages(await call("demo__log", { level: "error", message: "mine" }, meta("debug")));
    expect(logsOf(after)).toEqual([{ level: "error", logger: "demo/demo", data: "mine" }]);
    expect(suite.gateway.dataplane.callLogs.size).toBe(0);
  });

  test("server/discover on /mcp advertises logging; /rpc, with no stream to carry messages, does not", async () => {
    const discover = (await (
      await rpcPost(
        `${suite.ns}/mcp`,
        suite.key.key,
        { jsonrpc: "2.0", id: nextId++, method: "server/discover", params: { _meta: meta(null) } },
        { accept: SSE, "mcp-protocol-version": MODERN },
      )
    ).json()) as Answer;
    expect(discover.result?.capabilities).toMatchObject({ logging: {}, tools: { listChanged: true } });
    const rpc = (await (
      await rpcPost(`${suite.ns}/rpc`, suite.key.key, { jsonrpc: "2.0", id: nextId++, method: "server/discover" })
    ).json()) as Answer;
    expect(rpc.result?.capabilities).not.toHaveProperty("logging");
  });
});
