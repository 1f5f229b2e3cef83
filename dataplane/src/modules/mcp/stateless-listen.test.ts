// subscriptions/listen of the stateless revision 2026-07-28 on /mcp: one SSE stream per listener
// carrying the change notifications it opted into. Real gateway, the demo server (protocol tools:
// add_tool → tools/list_changed, touch_counter → resources/updated demo://counter) over stdio, and the
// SDK v2 client (pinned to 2026-07-28) making the calls that cause the changes.
import { describe, expect, test } from "bun:test";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { demoStdioServer, eventually } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { rpcPost } from "./transport-fixtures.ts";

const suite = gatewaySuite({ servers: [demoStdioServer("local", { protocol: true })] });

const MODERN = "2026-07-28";
const SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";
const envelope = {
  "io.modelcontextprotocol/protocolVersion": MODERN,
  "io.modelcontextprotocol/clientCapabilities": {},
  "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1" },
};
const headers = {
  accept: "application/json, text/event-stream",
  "mcp-protocol-version": MODERN,
  "mcp-method": "subscriptions/listen",
};
type Message = { id?: unknown; method?: string; params?: Record<string, unknown>; error?: { code: number } };

/** The JSON-RPC messages of an SSE stream, as they arrive. */
async function* messagesOf(response: Response): AsyncGenerator<Message> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) return;
    buffer += decoder.decode(chunk.value, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const data = buffer
        .slice(0, end)
        .split("\n")
        .filter((line) => line.startsWith("data: "))
        .map((line) => line.slice(6))
        .join("\n");
      buffer = buffer.slice(end + 2);
      if (data) yield JSON.parse(data) as Message;
      end = buffer.indexOf("\n\n");
    }
  }
}

async function next(stream: AsyncGenerator<Message>, timeoutMs = 10_000): Promise<Message> {
  const result = await Promise.race([
    stream.next(),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no message on the stream")), timeoutMs)),
  ]);
  if (result.done) throw new Error("the stream ended");
  return result.value;
}

function listen(key: string, id: number | string, notifications: unknown, signal?: AbortSignal) {
  return fetch(`${suite.ns}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id,
      method: "subscriptions/listen",
      params: { notifications, _meta: envelope },
    }),
    signal,
  });
}

async function sdkClient(key: string): Promise<Client> {
  const client = new Client({ name: "sdk-v2", version: "2.4.0" }, { versionNegotiation: { mode: { pin: MODERN } } });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${suite.ns}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${key}` } },
    }),
  );
  return client;
}

describe("subscriptions/listen (2026-07-28) on /ns/:org/:ns/mcp", () => {
  test("acknowledges the honored filter, then carries list_changed and resources/updated stamped with the subscriptionId", async () => {
    const { key } = await suite.createKey();
    const subscriptionsBefore = suite.gateway.dataplane.aggregator.subscriptions.count();
    const controller = new AbortController();
    const response = await listen(
      key,
      41,
      { toolsListChanged: true, resourceSubscriptions: ["demo://counter", "nowhere://x"] },
      controller.signal,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("mcp-session-id")).toBeNull();
    const stream = messagesOf(response);
    // A URI no server of the namespace offers is left out of the acknowledgement.
    expect(await next(stream)).toEqual({
      jsonrpc: "2.0",
      method: "notifications/subscriptions/acknowledged",
      params: {
        notifications: { toolsListChanged: true, resourceSubscriptions: ["demo://counter"] },
        _meta: { [SUBSCRIPTION_ID]: 41 },
      },
    } as Message);
    expect(suite.gateway.dataplane.aggregator.subscriptions.count()).toBe(subscriptionsBefore + 1);

    const client = await sdkClient(key);
    await client.callTool({ name: "local__touch_counter", arguments: {} });
    expect(await next(stream)).toEqual({
      jsonrpc: "2.0",
      method: "notifications/resources/updated",
      params: { uri: "demo://counter", _meta: { [SUBSCRIPTION_ID]: 41 } },
    } as Message);
    const added = await client.callTool({ name: "local__add_tool", arguments: {} });
    expect(await next(stream)).toEqual({
      jsonrpc: "2.0",
      method: "notifications/tools/list_changed",
      params: { _meta: { [SUBSCRIPTION_ID]: 41 } },
    } as Message);
    const { tools } = await client.listTools();
    const name = (added.content as Array<{ text: string }>)[0]!.text;
    expect(tools.map((tool) => tool.name)).toContain(`local__${name}`);
    await client.close();

    // The client goes away: its upstream subscription is released.
    controller.abort();
    await eventually(async () => suite.gateway.dataplane.aggregator.subscriptions.count() === subscriptionsBefore);
  }, 60_000);

  test("a listener gets only what its filter asked for", async () => {
    const { key } = await suite.createKey();
    const controller = new AbortController();
    const stream = messagesOf(await listen(key, "p", { promptsListChanged: true }, controller.signal));
    expect((await next(stream)).params?.notifications).toEqual({ promptsListChanged: true });
    const client = await sdkClient(key);
    await client.callTool({ name: "local__add_tool", arguments: {} });
    await client.callTool({ name: "local__touch_counter", arguments: {} });
    await expect(next(stream, 1_500)).rejects.toThrow("no message on the stream");
    await client.close();
    controller.abort();
  }, 30_000);

  test("the SDK v2 client opens the stream with a plain request and hears list_changed through its handler", async () => {
    const { key } = await suite.createKey();
    const listener = await sdkClient(key);
    const heard: Message[] = [];
    const acknowledged: Message[] = [];
    listener.setNotificationHandler(
      "notifications/tools/list_changed",
      (notification) => void heard.push(notification),
    );
    listener.setNotificationHandler(
      "notifications/subscriptions/acknowledged",
      (notification) => void acknowledged.push(notification),
    );
    const controller = new AbortController();
    const stream = listener
      .request(
        { method: "subscriptions/listen", params: { notifications: { toolsListChanged: true } } },
        {
          signal: controller.signal,
        },
      )
      .catch((error: unknown) => error);
    await eventually(async () => acknowledged.length > 0, 10_000);
    expect(acknowledged[0]!.params?.notifications).toEqual({ toolsListChanged: true });
    const meta = (acknowledged[0]!.params?._meta ?? {}) as Record<string, unknown>;
    const subscriptionId = meta[SUBSCRIPTION_ID];
    expect(subscriptionId).toBeDefined();
    const caller = await sdkClient(key);
    await caller.callTool({ name: "local__add_tool", arguments: {} });
    await eventually(async () => heard.length > 0, 10_000);
    expect(heard[0]).toMatchObject({
      method: "notifications/tools/list_changed",
      params: { _meta: { [SUBSCRIPTION_ID]: subscriptionId } },
    });
    controller.abort();
    await stream;
    await Promise.all([listener.close(), caller.close()]);
  }, 30_000);

  test("a bad filter → -32602; server/discover advertises listChanged and subscribe", async () => {
    const { key } = await suite.createKey();
    const bad = await rpcPost(
      `${suite.ns}/mcp`,
      key,
      {
        jsonrpc: "2.0",
        id: 1,
        method: "subscriptions/listen",
        params: { notifications: { resourceSubscriptions: "demo://counter" }, _meta: envelope },
      },
      headers,
    );
    const error = ((await bad.json()) as Message).error!;
    expect(error.code).toBe(-32602);
    const discover = await rpcPost(
      `${suite.ns}/mcp`,
      key,
      { jsonrpc: "2.0", id: 2, method: "server/discover", params: { _meta: envelope } },
      { ...headers, "mcp-method": "server/discover" },
    );
    expect(((await discover.json()) as { result: Record<string, unknown> }).result.capabilities).toMatchObject({
      tools: { listChanged: true },
      resources: { listChanged: true, subscribe: true },
    });
  }, 30_000);

  test("notifications/cancelled for the listen request ends its stream; another key's cancel does not", async () => {
    const { key } = await suite.createKey();
    const other = await suite.createKey();
    const listeners = () => suite.gateway.dataplane.listeners.size;
    const before = listeners();
    const stream = messagesOf(await listen(key, "watch-1", { toolsListChanged: true }));
    expect((await next(stream)).method).toBe("notifications/subscriptions/acknowledged");
    const cancel = (apiKey: string) =>
      rpcPost(
        `${suite.ns}/mcp`,
        apiKey,
        { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: "watch-1", _meta: envelope } },
        { accept: "application/json, text/event-stream", "mcp-protocol-version": MODERN },
      );
    expect((await cancel(other.key)).status).toBe(202);
    expect(listeners()).toBe(before + 1);
    expect((await cancel(key)).status).toBe(202);
    expect((await stream.next()).done).toBe(true);
    expect(listeners()).toBe(before);
  });
});
