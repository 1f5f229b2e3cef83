// The acknowledgement of a subscriptions/listen stream promises that the resources it names are being
// watched: a change right after it must reach the stream. A second listener of a URI whose upstream
// subscription is still on its way (a first listener is opening) used to be acknowledged at once, and
// an update in that window was lost. Real gateway; a real SDK server whose subscribe takes 400 ms and
// which notifies only subscribed sessions (src/test/slow-subscribe-upstream.ts); raw fetches.
import { expect, test } from "bun:test";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { COUNTER_URI, serveSlowSubscribeUpstream } from "../../test/slow-subscribe-upstream.ts";
import { rpcPost } from "./transport-fixtures.ts";

const SUBSCRIBE_MS = 400;
let upstream: ReturnType<typeof serveSlowSubscribeUpstream>;
const suite = gatewaySuite({
  servers: () => {
    upstream = serveSlowSubscribeUpstream(SUBSCRIBE_MS);
    suite.onStop(() => upstream.stop());
    return [{ name: "slow", transport: "streamable-http", url: `http://127.0.0.1:${upstream.port}/mcp` }];
  },
});

const MODERN = "2026-07-28";
const envelope = {
  "io.modelcontextprotocol/protocolVersion": MODERN,
  "io.modelcontextprotocol/clientCapabilities": {},
};
const headers = { accept: "application/json, text/event-stream", "mcp-protocol-version": MODERN };

/** Opens a listen stream; `next(method)` resolves with the time the first message of `method` arrived. */
async function listen(id: number, signal: AbortSignal) {
  const response = await fetch(`${suite.ns}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${suite.key.key}`, ...headers },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id,
      method: "subscriptions/listen",
      params: { notifications: { resourceSubscriptions: [COUNTER_URI] }, _meta: envelope },
    }),
    signal,
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const seen: string[] = [];
  const waiters: Array<() => void> = [];
  void (async () => {
    let buffer = "";
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done) return;
      buffer += decoder.decode(chunk.value, { stream: true });
      for (const line of buffer.split("\n")) {
        if (line.startsWith("data: ")) seen.push((JSON.parse(line.slice(6)) as { method: string }).method);
      }
      buffer = buffer.slice(buffer.lastIndexOf("\n") + 1);
      for (const wake of waiters.splice(0)) wake();
    }
  })();
  const next = (method: string, timeoutMs: number) =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      const check = () => {
        if (seen.includes(method)) {
          clearTimeout(timer);
          resolve(true);
        } else waiters.push(check);
      };
      check();
    });
  return { next, seen };
}

test("a listener is acknowledged only once the upstream subscription it joins is active, so a change right after the acknowledgement reaches it", async () => {
  const controller = new AbortController();
  // Starts the upstream session, so the timing below is the subscription's only.
  await rpcPost(`${suite.ns}/rpc`, suite.key.key, { jsonrpc: "2.0", id: 1, method: "resources/list" });
  const first = listen(1, controller.signal);
  first.catch(() => {});
  await new Promise((resolve) => setTimeout(resolve, 50));
  const second = await listen(2, controller.signal);
  expect(await second.next("notifications/subscriptions/acknowledged", 5_000)).toBe(true);
  // What the acknowledgement promises: the upstream watches the resource now.
  expect(upstream.subscribedSessions()).toBe(1);
  const touched = await rpcPost(
    `${suite.ns}/mcp`,
    suite.key.key,
    { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "slow__touch", arguments: {}, _meta: envelope } },
    headers,
  );
  expect(((await touched.json()) as { result: { content: Array<{ text: string }> } }).result.content[0]!.text).toBe(
    "1",
  );
  expect(await second.next("notifications/resources/updated", 2_000)).toBe(true);
  expect(await (await first).next("notifications/resources/updated", 2_000)).toBe(true);
  controller.abort();
}, 20_000);
