// Through the real gateway: a fast-lane tools/call whose upstream drops the call's SSE stream after an
// event id still answers the client (the channel resumes with GET + Last-Event-ID), and one whose
// resume fails gets the same "unavailable" error naming the server as any failed fast call.
import { beforeAll, describe, expect, test } from "bun:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { type FakeUpstream, startFakeUpstream } from "./fake-upstream.ts";

let upstream: FakeUpstream;
let client: Client;

const suite = gatewaySuite({
  servers: () => {
    upstream = startFakeUpstream();
    suite.onStop(() => upstream.stop());
    return [{ name: "fake", transport: "streamable-http", url: upstream.url, timeoutMs: 3_000 }];
  },
});

beforeAll(async () => {
  client = await suite.connect();
});

const served = () => suite.gateway.dataplane.fastLane!.served;

describe("fast lane: upstream stream resumption", () => {
  test("a dropped upstream stream is resumed and the client gets the result", async () => {
    const before = served();
    const result = await client.callTool({ name: "fake__drop", arguments: { text: "resumed", retry: 20 } });
    expect(result.isError).toBeFalsy();
    expect((result.content as Array<{ text: string }>)[0]!.text).toBe("resumed");
    expect(served() - before).toBe(1);
    expect(upstream.resumes).toHaveLength(1);
    expect(upstream.resumes[0]!.lastEventId).toBe(`drop-${upstream.callIds.at(-1)}-1`);
  });

  test("a resume that keeps failing → the client gets an error naming the server", async () => {
    const resumes = upstream.resumes.length;
    const call = client.callTool({ name: "fake__drop", arguments: { text: "x", retry: 20, get: "fail" } });
    await expect(call).rejects.toThrow(
      'Upstream server "fake" is unavailable: tools/call failed: its event stream ended before the response and could not be resumed: 2 attempts failed',
    );
    expect(upstream.resumes.length - resumes).toBe(2);
  });
});
