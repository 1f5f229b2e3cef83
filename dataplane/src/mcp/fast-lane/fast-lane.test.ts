// The fast lane through the real gateway: SDK clients sharing one Streamable HTTP upstream session,
// errors and timeouts as on the SDK path, fallbacks (progress, Accept), cancellation and logging.
import { beforeAll, describe, expect, test } from "bun:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { connectClient, demoStdioServer, eventually, INITIALIZE, postJson } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { type FakeUpstream, startFakeUpstream } from "./fake-upstream.ts";

let upstream: FakeUpstream;
let alice: Client;
let bob: Client;

const suite = gatewaySuite({
  servers: () => {
    upstream = startFakeUpstream();
    suite.onStop(() => upstream.stop());
    return [{ name: "fake", transport: "streamable-http", url: upstream.url, timeoutMs: 400 }];
  },
});
const { pool } = suite;

beforeAll(async () => {
  alice = await suite.connect();
  bob = await suite.connect();
});

const textOf = (result: unknown) => (result as { content: Array<{ text: string }> }).content[0]!.text;
const served = () => suite.gateway.dataplane.fastLane!.served;

/** An initialized raw session on the namespace endpoint. */
async function rawSession(): Promise<Record<string, string>> {
  const init = await postJson(suite.endpoint, INITIALIZE, suite.auth);
  await init.text();
  const headers = {
    ...suite.auth,
    "mcp-session-id": init.headers.get("mcp-session-id")!,
    "mcp-protocol-version": "2025-06-18",
  };
  await postJson(suite.endpoint, { jsonrpc: "2.0", method: "notifications/initialized" }, headers);
  return headers;
}

describe("fast lane", () => {
  test("two clients, one upstream, interleaved calls answered out of order: each gets its own result", async () => {
    const before = served();
    const initializations = upstream.initializations;
    // Both SDK clients number their requests alike, so the same client ids are in flight at once.
    const calls = Array.from({ length: 12 }, (_, i) => {
      const client = i % 2 === 0 ? alice : bob;
      const text = `${i % 2 === 0 ? "alice" : "bob"}-${i}`;
      return client
        .callTool({ name: "fake__echo", arguments: { text, delay: (12 - i) * 5 } })
        .then((result) => [text, textOf(result)]);
    });
    for (const [sent, received] of await Promise.all(calls)) expect(received).toBe(sent);
    expect(served() - before).toBe(12);
    // One upstream session (at most one handshake for the whole test file) serves both clients.
    expect(upstream.initializations - initializations).toBeLessThanOrEqual(1);
  });

  test("stdio: calls of two clients share the SDK client's child process and never cross", async () => {
    const local = await suite.createTenant([demoStdioServer("local")]);
    const localKey = (await suite.createKey({ orgId: local.orgId })).key;
    const [one, two] = await Promise.all([
      connectClient(suite.gateway.endpoint(local), localKey),
      connectClient(suite.gateway.endpoint(local), localKey),
    ]);
    const before = served();
    const calls = Array.from({ length: 10 }, (_, i) =>
      (i % 2 === 0 ? one : two)
        .callTool({ name: "local__sleep", arguments: { ms: (10 - i) * 7 } })
        .then((result) => expect(textOf(result)).toBe(`slept ${(10 - i) * 7} ms`)),
    );
    await Promise.all(calls);
    expect(served() - before).toBe(10);
    // The SDK client on the same process still works (lists go through it).
    expect((await one.listTools()).tools.map((t) => t.name)).toContain("local__sleep");
    await Promise.all([one.close(), two.close()]);
  });

  test("a JSON-accepting client gets one JSON body with its own id", async () => {
    const headers = await rawSession();
    const res = await postJson(
      suite.endpoint,
      { jsonrpc: "2.0", id: "mine-1", method: "tools/call", params: { name: "fake__echo", arguments: { text: "hi" } } },
      headers,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("mcp-session-id")).toBe(headers["mcp-session-id"]!);
    expect(await res.json()).toEqual({
      jsonrpc: "2.0",
      id: "mine-1",
      result: { content: [{ type: "text", text: "hi" }] },
    });
  });

  test("protocol 2025-11-25: a quick answer is one JSON body; a slow one a resumable event stream", async () => {
    const headers = { ...(await rawSession()), "mcp-protocol-version": "2025-11-25" };
    const call = (id: number, delay: number) =>
      postJson(
        suite.endpoint,
        {
          jsonrpc: "2.0",
          id,
          method: "tools/call",
          params: { name: "fake__echo", arguments: { text: `t${id}`, delay } },
        },
        headers,
      );
    const before = served();
    const quick = await call(1, 0);
    expect(quick.headers.get("content-type")).toBe("application/json");
    expect(((await quick.json()) as { result: unknown }).result).toEqual({ content: [{ type: "text", text: "t1" }] });
    // Past 100 ms the call switches to an event stream whose priming event carries the id to resume
    // from; the client drops the stream and resumes with Last-Event-ID.
    const slow = await call(2, 250);
    expect(slow.headers.get("content-type")).toBe("text/event-stream");
    const reader = slow.body!.getReader();
    const priming = new TextDecoder().decode((await reader.read()).value);
    const eventId = priming.match(/^id: (\S+)\n/)?.[1];
    expect(eventId).toStartWith("fl_");
    await reader.cancel();
    const resumed = await fetch(suite.endpoint, {
      headers: { ...headers, accept: "text/event-stream", "last-event-id": eventId! },
    });
    expect(resumed.status).toBe(200);
    expect(await resumed.text()).toBe(
      `event: message\ndata: ${JSON.stringify({ jsonrpc: "2.0", id: 2, result: { content: [{ type: "text", text: "t2" }] } })}\n\n`,
    );
    expect(served() - before).toBe(2);
    // An id the fast lane does not know is the SDK transport's to refuse.
    const unknown = await fetch(suite.endpoint, {
      headers: { ...headers, accept: "text/event-stream", "last-event-id": "fl_999999" },
    });
    expect(unknown.status).toBe(400);
  });

  test("a client that does not accept both JSON and SSE gets the SDK path's 406", async () => {
    const headers = await rawSession();
    const res = await fetch(suite.endpoint, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "fake__echo", arguments: {} },
      }),
    });
    expect(res.status).toBe(406);
  });

  test("an upstream error comes back as the SDK path's JSON-RPC error, naming the server", async () => {
    const error = (await alice.callTool({ name: "fake__fail", arguments: {} }).catch((e) => e)) as Error & {
      code?: number;
      data?: unknown;
    };
    expect(error.code).toBe(-32050);
    expect(error.message).toContain("fake: boom");
    expect(error.data).toEqual({ why: "test" });
  });

  test("a silent upstream → timeout error naming the server after its timeout", async () => {
    const started = Date.now();
    const error = (await alice.callTool({ name: "fake__hang", arguments: {} }).catch((e) => e)) as Error & {
      code?: number;
    };
    expect(error.code).toBe(-32001);
    expect(error.message).toContain('Upstream server "fake" did not answer tools/call within 400 ms');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  test("a call with a progress token to an HTTP server takes the fast lane too, and still works", async () => {
    const before = served();
    const result = await alice.request(
      {
        method: "tools/call",
        params: { name: "fake__echo", arguments: { text: "with progress" }, _meta: { progressToken: "p1" } },
      },
      CallToolResultSchema,
    );
    expect(textOf(result)).toBe("with progress");
    expect(served()).toBe(before + 1);
  });

  test("notifications/cancelled reaches the upstream under its own id; the call ends without a response", async () => {
    const headers = await rawSession();
    const cancelledBefore = upstream.cancelled.length;
    const pending = postJson(
      suite.endpoint,
      { jsonrpc: "2.0", id: 77, method: "tools/call", params: { name: "fake__hang", arguments: {} } },
      headers,
    );
    await Bun.sleep(100);
    const cancel = await postJson(
      suite.endpoint,
      { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 77, reason: "stop" } },
      headers,
    );
    expect(cancel.status).toBe(202);
    const res = await pending;
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(await res.text()).toBe("");
    await eventually(async () => upstream.cancelled.length > cancelledBefore);
    const last = upstream.cancelled.at(-1)!;
    expect(last.reason).toBe("stop");
    expect(last.requestId).not.toBe(77);
    expect(upstream.callIds).toContain(last.requestId);
  });

  test("a list change the upstream announces during a fast-lane call refreshes tools/list", async () => {
    const before = (await alice.listTools()).tools.map((t) => t.name);
    await alice.callTool({ name: "fake__grow", arguments: {} });
    const after = (await alice.listTools()).tools.map((t) => t.name);
    expect(after.length).toBe(before.length + 1);
  });

  test("fast-lane calls are logged like any other, under the canonical tool name", async () => {
    const marker = `fast-log-${Date.now()}`;
    await bob.callTool({ name: "fake__echo", arguments: { text: marker } });
    const row = await eventually(async () => {
      const { rows } = await pool.query(
        `select * from request_logs where org_id = $1 and tool_name = 'fake__echo' and status = 'ok'
          and response_bytes > $2 order by id desc limit 1`,
        [suite.tenant.orgId, marker.length],
      );
      return rows[0];
    });
    expect(row.method).toBe("tools/call");
    expect(row.server_id).toBe(suite.tenant.serverIds.fake);
    expect(row.transport).toBe("streamable-http");
    expect(row.session_id).toBeString();
    expect(row.request_bytes).toBeGreaterThan(marker.length);
    // The first fake__hang call of the suite is the one that timed out; a later test cancels another.
    const timedOut = await eventually(async () => {
      const { rows } = await pool.query(
        `select status, error_code from request_logs where org_id = $1 and tool_name = 'fake__hang'
          order by id limit 1`,
        [suite.tenant.orgId],
      );
      return rows[0];
    });
    expect(timedOut).toEqual({ status: "error", error_code: -32001 });
  });
});
