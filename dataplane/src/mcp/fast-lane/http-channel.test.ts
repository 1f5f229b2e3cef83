// The raw Streamable HTTP channel against a scripted upstream: concurrent calls with out-of-order
// answers, upstream errors, timeouts, cancellation and session expiry.
import { afterAll, describe, expect, test } from "bun:test";
import { createLogger } from "../../lib/logger.ts";
import { type FakeUpstream, fakeServerConfig, startFakeUpstream } from "./fake-upstream.ts";
import { HttpChannel } from "./http-channel.ts";

const upstreams: FakeUpstream[] = [];
afterAll(() => {
  for (const upstream of upstreams) upstream.stop();
});

function setup(options: { json?: boolean; timeoutMs?: number } = {}) {
  const upstream = startFakeUpstream({ json: options.json });
  upstreams.push(upstream);
  const config = fakeServerConfig(upstream.url, options.timeoutMs);
  return { upstream, channel: new HttpChannel(config, { logger: createLogger("silent") }) };
}

const textOf = (response: { result?: Record<string, unknown> }) =>
  (response.result!.content as Array<{ text: string }>)[0]!.text;

const echo = (text: string, delay: number) => ({
  method: "tools/call",
  params: { name: "echo", arguments: { text, delay } },
});

describe("HttpChannel", () => {
  for (const json of [false, true]) {
    test(`concurrent calls answered out of order each get their own result (${json ? "JSON" : "SSE"} responses)`, async () => {
      const { upstream, channel } = setup({ json });
      // Later calls answer first: any id mix-up would hand a result to the wrong caller.
      const texts = Array.from({ length: 20 }, (_, i) => `call-${i}`);
      const results = await Promise.all(texts.map((text, i) => channel.call(echo(text, (20 - i) * 3))));
      expect(results.map(textOf)).toEqual(texts);
      expect(new Set(upstream.callIds).size).toBe(20);
      expect(upstream.initializations).toBe(1);
      await channel.close();
    });
  }

  test("an upstream JSON-RPC error keeps its code and data and names the server", async () => {
    const { channel } = setup();
    const response = await channel.call({ method: "tools/call", params: { name: "fail" } });
    expect(response.result).toBeUndefined();
    expect(response.error).toEqual({ code: -32050, message: "fake: boom", data: { why: "test" } });
    await channel.close();
  });

  test("no answer within the server's timeout → timeout error naming the server; the upstream is told", async () => {
    const { upstream, channel } = setup({ timeoutMs: 200 });
    const started = performance.now();
    const response = await channel.call({ method: "tools/call", params: { name: "hang" } });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(response.error).toEqual({
      code: -32001,
      message: 'Upstream server "fake" did not answer tools/call within 200 ms',
      data: { server: "fake" },
    });
    await Bun.sleep(50);
    expect(upstream.cancelled).toEqual([{ requestId: upstream.callIds[0], reason: "timeout" }]);
    // The call's POST was dropped too: a hung upstream keeps no connection of ours.
    expect(upstream.openHangs).toBe(0);
    await channel.close();
  });

  test("cancellation sends notifications/cancelled with the upstream's id and ends the call", async () => {
    const { upstream, channel } = setup();
    const cancellation: { cancel?: (reason: string) => void } = {};
    const pending = channel.call({ method: "tools/call", params: { name: "hang" }, cancellation });
    await Bun.sleep(50);
    cancellation.cancel?.("user pressed stop");
    const response = await pending;
    expect(response.error?.code).toBe(-32800);
    await Bun.sleep(50);
    expect(upstream.cancelled).toEqual([{ requestId: upstream.callIds[0], reason: "user pressed stop" }]);
    expect(upstream.openHangs).toBe(0);
    expect(textOf(await channel.call(echo("still works", 0)))).toBe("still works");
    await channel.close();
  });

  test("an expired upstream session (404) is initialized again and the call still succeeds", async () => {
    const { upstream, channel } = setup();
    expect((await channel.call(echo("before", 0))).result).toBeDefined();
    upstream.expireSessions();
    const after = await channel.call(echo("after", 0));
    expect(textOf(after)).toBe("after");
    expect(upstream.initializations).toBe(2);
    await channel.close();
  });

  test("a dead upstream → unavailable error naming the server, quickly", async () => {
    const { channel } = setup();
    (channel as unknown as { url: string }).url = "http://127.0.0.1:9/mcp";
    const started = performance.now();
    const response = await channel.call(echo("x", 0));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(response.error?.code).toBe(-32002);
    expect(response.error?.message).toStartWith('Upstream server "fake" is unavailable:');
    // Then it backs off like the SDK path: the next call fails at once, saying when it retries.
    const again = await channel.call(echo("x", 0));
    expect(again.error?.message).toContain("retrying in 1 s");
    await channel.close();
  });
});
