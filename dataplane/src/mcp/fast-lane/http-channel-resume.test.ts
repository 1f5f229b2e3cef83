// The raw Streamable HTTP channel resuming a call's SSE stream that ended or broke before the response
// (GET + Last-Event-ID, SEP-1699): against the scripted upstream (every way a resume can go) and a real
// SDK server with an event store whose tool closes its stream (closeSSEStream) and answers later.
import { afterAll, describe, expect, test } from "bun:test";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { createLogger } from "../../lib/logger.ts";
import { serveMcpHttp } from "../../test/serve-mcp-http.ts";
import { SessionEventStore } from "../event-store.ts";
import { fakeServerConfig, startFakeUpstream } from "./fake-upstream.ts";
import { HttpChannel, type HttpChannelOptions } from "./http-channel.ts";
import type { RpcResponse } from "./rpc.ts";

const stops: Array<() => void> = [];
afterAll(() => {
  for (const stop of stops) stop();
});

function setup(timeoutMs = 5_000) {
  const upstream = startFakeUpstream();
  stops.push(() => upstream.stop());
  const channel = new HttpChannel(fakeServerConfig(upstream.url, timeoutMs), { logger: createLogger("silent") });
  return { upstream, channel };
}

const textOf = (response: RpcResponse) => (response.result!.content as Array<{ text: string }>)[0]!.text;

const drop = (args: Record<string, unknown>) => ({ method: "tools/call", params: { name: "drop", arguments: args } });

/** Resolves after `ms`, or with the call's response if it came first (a call must not settle early). */
const within = (call: Promise<RpcResponse>, ms: number) =>
  Promise.race([call, Bun.sleep(ms).then(() => "pending" as const)]);

describe("HttpChannel resuming an upstream SSE stream", () => {
  test("a stream that ends after an event id is resumed after the server's retry: GET + Last-Event-ID + session headers", async () => {
    const { upstream, channel } = setup();
    const started = performance.now();
    const response = await channel.call(drop({ text: "resumed", retry: 150 }));
    const elapsed = performance.now() - started;
    expect(textOf(response)).toBe("resumed");
    expect(elapsed).toBeGreaterThanOrEqual(140); // the server's retry:, not the 1 s default
    expect(elapsed).toBeLessThan(900);
    const callId = upstream.callIds[0];
    expect(upstream.resumes).toEqual([
      { lastEventId: `drop-${callId}-1`, sessionId: "s1", accept: "text/event-stream", contentType: null },
    ]);
    await Bun.sleep(20);
    expect(upstream.openResumes).toBe(0);
    await channel.close();
  });

  test("without a retry: the first resume waits the SDK's default 1 s", async () => {
    const { upstream, channel } = setup();
    const started = performance.now();
    expect(textOf(await channel.call(drop({ text: "later" })))).toBe("later");
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(upstream.resumes).toHaveLength(1);
    await channel.close();
  });

  test("a stream cut mid-way (connection broken) after an event id is resumed too", async () => {
    const { upstream, channel } = setup();
    expect(textOf(await channel.call(drop({ text: "after the cut", retry: 20, broken: true })))).toBe("after the cut");
    expect(upstream.resumes).toHaveLength(1);
    await channel.close();
  });

  test("a server that closes the resumed stream again (polling) is polled until the answer comes", async () => {
    const { upstream, channel } = setup();
    // Four empty polls: more than the two failed attempts allowed in a row, so each opened GET resets the count.
    expect(textOf(await channel.call(drop({ text: "polled", retry: 20, get: "poll", polls: 4 })))).toBe("polled");
    expect(upstream.resumes).toHaveLength(5);
    expect(new Set(upstream.resumes.map((resume) => resume.lastEventId)).size).toBe(1);
    await channel.close();
  });

  test("concurrent dropped calls each resume their own stream and get their own result", async () => {
    const { upstream, channel } = setup();
    const texts = Array.from({ length: 8 }, (_, i) => `call-${i}`);
    const results = await Promise.all(texts.map((text) => channel.call(drop({ text, retry: 20 }))));
    expect(results.map(textOf)).toEqual(texts);
    expect(upstream.resumes.map((resume) => resume.lastEventId).sort()).toEqual(
      upstream.callIds.map((id) => `drop-${id}-1`).sort(),
    );
    await channel.close();
  });

  test("without an event id a stream that ends before the response fails as before, and nothing is resumed", async () => {
    const { upstream, channel } = setup();
    const response = await channel.call(drop({ text: "x", ids: false }));
    expect(response.error).toEqual({
      code: -32002,
      message: 'Upstream server "fake" is unavailable: the upstream ended tools/call without a response',
      data: { server: "fake" },
    });
    const broken = await channel.call(drop({ text: "x", ids: false, broken: true }));
    expect(broken.error?.code).toBe(-32002);
    expect(broken.error?.message).toStartWith('Upstream server "fake" is unavailable: tools/call failed: ');
    expect(broken.error?.message).not.toContain("resumed");
    await Bun.sleep(50);
    expect(upstream.resumes).toEqual([]);
    await channel.close();
  });

  test("resume attempts exhausted → unavailable error naming the server, after two failed GETs", async () => {
    const { upstream, channel } = setup();
    const response = await channel.call(drop({ text: "x", retry: 20, get: "fail" }));
    expect(response.error).toEqual({
      code: -32002,
      message:
        'Upstream server "fake" is unavailable: tools/call failed: its event stream ended before the response and ' +
        "could not be resumed: 2 attempts failed, the last: GET with Last-Event-ID answered HTTP 500: nope",
      data: { server: "fake" },
    });
    expect(upstream.resumes).toHaveLength(2);
    // A cut stream says so.
    const cut = await channel.call(drop({ text: "x", retry: 20, get: "fail", broken: true }));
    expect(cut.error?.message).toContain("tools/call failed: its event stream broke (");
    expect(upstream.resumes).toHaveLength(4);
    await channel.close();
  });

  test("a resume answered 404 (the session or stream is gone) gives up at once", async () => {
    const { upstream, channel } = setup();
    const response = await channel.call(drop({ text: "x", retry: 20, get: "gone" }));
    expect(response.error?.message).toBe(
      'Upstream server "fake" is unavailable: tools/call failed: its event stream ended before the response and ' +
        "could not be resumed: GET with Last-Event-ID answered HTTP 404: session gone",
    );
    expect(upstream.resumes).toHaveLength(1);
    await channel.close();
  });

  test("the call's timeout fires during the resume GET → timeout error; the GET is dropped, no further GET", async () => {
    const { upstream, channel } = setup(300);
    const started = performance.now();
    const response = await channel.call(drop({ text: "x", retry: 20, get: "hang" }));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(response.error).toEqual({
      code: -32001,
      message: 'Upstream server "fake" did not answer tools/call within 300 ms',
      data: { server: "fake" },
    });
    await Bun.sleep(200);
    expect(upstream.resumes).toHaveLength(1);
    expect(upstream.openResumes).toBe(0);
    expect(upstream.cancelled).toEqual([{ requestId: upstream.callIds[0], reason: "timeout" }]);
    await channel.close();
  });

  test("the call's timeout fires while waiting for the server's retry: → timeout error at once and no GET", async () => {
    const { upstream, channel } = setup(200);
    const started = performance.now();
    const response = await channel.call(drop({ text: "x", retry: 60_000 }));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(response.error?.code).toBe(-32001);
    await Bun.sleep(100);
    expect(upstream.resumes).toEqual([]);
    await channel.close();
  });

  test("cancelling a call while it resumes ends the GET", async () => {
    const { upstream, channel } = setup();
    const cancellation: { cancel?: (reason: string) => void } = {};
    const pending = channel.call({ ...drop({ text: "x", retry: 20, get: "hang" }), cancellation });
    while (upstream.resumes.length === 0) await Bun.sleep(10);
    expect(await within(pending, 50)).toBe("pending");
    cancellation.cancel?.("user pressed stop");
    expect((await pending).error?.code).toBe(-32800);
    await Bun.sleep(50);
    expect(upstream.openResumes).toBe(0);
    expect(upstream.resumes).toHaveLength(1);
    await channel.close();
  });

  test("closing the channel while a call resumes ends the call and the GET", async () => {
    const { upstream, channel } = setup();
    const pending = channel.call(drop({ text: "x", retry: 20, get: "hang" }));
    while (upstream.resumes.length === 0) await Bun.sleep(10);
    await channel.close();
    expect((await pending).error?.message).toBe('Upstream server "fake" is unavailable: the connection was closed');
    await Bun.sleep(50);
    expect(upstream.openResumes).toBe(0);
  });
});

/**
 * A real SDK server over Streamable HTTP with an event store (ours) and retryInterval 50 ms. Its tool
 * `close_then_answer` closes the call's SSE stream (extra.closeSSEStream), then logs a message and
 * answers: both reach the client only through a resume. Counts the GETs it is sent.
 */
function serveResumableSdkServer() {
  const seen = { gets: 0, closedStreams: 0 };
  const served = serveMcpHttp(
    () => {
      const mcp = new McpServer({ name: "resumable", version: "1.0.0" }, { capabilities: { logging: {} } });
      mcp.registerTool("close_then_answer", { inputSchema: { text: z.string() } }, async ({ text }, extra) => {
        if (extra.closeSSEStream) seen.closedStreams++;
        extra.closeSSEStream?.();
        await Bun.sleep(100);
        await extra.sendNotification({
          method: "notifications/message",
          params: { level: "info", data: `away ${text}` },
        });
        return { content: [{ type: "text", text }] };
      });
      return mcp;
    },
    {
      transport: { eventStore: new SessionEventStore(), retryInterval: 50 },
      onRequest: (request) => {
        if (request.method === "GET") seen.gets++;
      },
    },
  );
  stops.push(served.stop);
  return { url: served.url, seen };
}

describe("HttpChannel against a real SDK server that closes the call's stream (closeSSEStream)", () => {
  test("the call still gets its result, and the notification sent while the stream was closed", async () => {
    const sdk = serveResumableSdkServer();
    const notes: unknown[] = [];
    const options: HttpChannelOptions = {
      logger: createLogger("silent"),
      onNotification: (method, params) => notes.push({ method, data: (params as { data?: unknown }).data }),
    };
    const channel = new HttpChannel({ ...fakeServerConfig(sdk.url), name: "resumable" }, options);
    const started = performance.now();
    const response = await channel.call({
      method: "tools/call",
      params: { name: "close_then_answer", arguments: { text: "after reconnect" } },
    });
    expect(response.error).toBeUndefined();
    expect(textOf(response)).toBe("after reconnect");
    expect(performance.now() - started).toBeLessThan(1_500); // retry: 50 ms, not the 1 s default
    expect(sdk.seen).toEqual({ gets: 1, closedStreams: 1 });
    expect(notes).toEqual([{ method: "notifications/message", data: "away after reconnect" }]);

    // Several at once: each resumes its own stream.
    const texts = ["a", "b", "c", "d", "e"];
    const results = await Promise.all(
      texts.map((text) =>
        channel.call({ method: "tools/call", params: { name: "close_then_answer", arguments: { text } } }),
      ),
    );
    expect(results.map(textOf)).toEqual(texts);
    expect(sdk.seen).toEqual({ gets: 6, closedStreams: 6 });
    await channel.close();
  });
});
