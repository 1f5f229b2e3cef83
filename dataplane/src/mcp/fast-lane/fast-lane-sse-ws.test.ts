// The fast lane for legacy SSE and WebSocket sessions (SessionManager.dispatch's hook): real SDK clients
// over both transports get exactly what the SDK path gives them (compared with a gateway whose fast lane
// is off), rows say "sse"/"websocket", policies deny, a stdio call's sampling request reaches the WS
// client that made it, and a cancellation over SSE reaches the upstream with no response sent back.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { CreateMessageRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type pg from "pg";
import { connectSseClient, connectWsClient } from "../../modules/mcp/transport-fixtures.ts";
import {
  createApiKey,
  createTenant,
  DEMO_SERVER_PATH,
  eventually,
  type Gateway,
  startGateway,
  type Tenant,
  testEnv,
  testPool,
} from "../../test/fixtures.ts";
import { textOf } from "../protocol-harness.ts";
import { type FakeUpstream, startFakeUpstream } from "./fake-upstream.ts";

const env = testEnv();
let pool: pg.Pool;
let gateway: Gateway;
let off: Gateway;
let upstream: FakeUpstream;
let tenant: Tenant;
const opened: Client[] = [];

beforeAll(async () => {
  pool = testPool();
  upstream = startFakeUpstream();
  [gateway, off] = await Promise.all([startGateway(env), startGateway(testEnv({ OMNIMESH_FAST_LANE: "false" }))]);
  tenant = await createTenant(pool, env, [
    { name: "fake", transport: "streamable-http", url: upstream.url, timeoutMs: 5_000 },
    { name: "local", transport: "stdio", command: process.execPath, args: [DEMO_SERVER_PATH, "--protocol"] },
  ]);
});

afterAll(async () => {
  await Promise.all(opened.map((client) => client.close().catch(() => {})));
  await Promise.all([gateway?.stop(), off?.stop()]);
  upstream.stop();
  await pool.end();
});

type Kind = "sse" | "websocket";
const KINDS: Kind[] = ["sse", "websocket"];
const served = () => gateway.dataplane.fastLane!.served;
const ns = (g: Gateway, t: Tenant) => `${g.url}/ns/${t.orgSlug}/${t.namespaceSlug}`;

async function connect(kind: Kind, g: Gateway, t: Tenant, key: string, capabilities = {}): Promise<Client> {
  const client =
    kind === "sse"
      ? await connectSseClient(`${ns(g, t)}/sse`, key, capabilities)
      : await connectWsClient(`${ns(g, t)}/ws`, key, capabilities);
  opened.push(client);
  return client;
}

/** What a client sees of a call: its result, or its error's code, message and data. */
function outcome(promise: Promise<unknown>) {
  return promise.then(
    (result) => ({ result }),
    (error: { code?: number; message?: string; data?: unknown }) => ({
      error: { code: error.code, message: error.message, data: error.data },
    }),
  );
}

/** Calls the fast lane serves, and one it leaves to the SDK path (progress token). */
async function callsOf(client: Client) {
  return {
    httpEcho: await outcome(client.callTool({ name: "fake__echo", arguments: { text: "über http" } })),
    stdioAdd: await outcome(client.callTool({ name: "local__add", arguments: { a: 2, b: 40 } })),
    prompt: await outcome(client.getPrompt({ name: "local__greet", arguments: { name: "Ada" } })),
    upstreamError: await outcome(client.callTool({ name: "fake__fail", arguments: {} })),
    invalidArguments: await outcome(client.callTool({ name: "local__add", arguments: { a: "two" } })),
    unknown: await outcome(client.callTool({ name: "fake__nope", arguments: {} })),
    progress: await outcome(
      client.callTool({ name: "local__echo", arguments: { text: "p" } }, undefined, { onprogress: () => {} }),
    ),
  };
}

async function logRows(apiKeyId: string, method: string, count: number) {
  return eventually(async () => {
    const { rows } = await pool.query<{ transport: string; tool_name: string; status: string; error_code: number }>(
      `select transport, tool_name, status, error_code from request_logs
        where api_key_id = $1 and method = $2 order by created_at`,
      [apiKeyId, method],
    );
    return rows.length >= count ? rows : undefined;
  });
}

describe("fast lane over legacy SSE and WebSocket", () => {
  for (const kind of KINDS) {
    test(`${kind}: the same results and errors as the SDK path (fast lane off)`, async () => {
      const { key } = await createApiKey(pool, env, tenant.orgId);
      const fastClient = await connect(kind, gateway, tenant, key);
      const sdkClient = await connect(kind, off, tenant, key);
      const before = served();
      const fast = await callsOf(fastClient);
      // All but the progress token's (an unknown tool of a known server is the upstream's to refuse).
      expect(served() - before).toBe(6);
      const sdk = await callsOf(sdkClient);
      expect(fast).toEqual(sdk);
      // What they are, so the comparison cannot pass on two identical failures.
      expect(fast.httpEcho).toEqual({ result: { content: [{ type: "text", text: "über http" }] } });
      expect(fast.stdioAdd).toEqual({
        result: { content: [{ type: "text", text: "42" }], structuredContent: { sum: 42 } },
      });
      expect((fast.prompt as { result: { messages: unknown } }).result.messages).toEqual([
        { role: "user", content: { type: "text", text: "Say hello to Ada." } },
      ]);
      expect(fast.upstreamError).toEqual({
        error: { code: -32050, message: "MCP error -32050: fake: boom", data: { why: "test" } },
      });
      expect((fast.invalidArguments as { result: { isError: boolean } }).result.isError).toBe(true);
      expect(fast.unknown).toEqual({
        error: { code: -32602, message: "MCP error -32602: fake: Unknown tool nope", data: undefined },
      });
      expect(fast.progress).toEqual({ result: { content: [{ type: "text", text: "p" }] } });
    });
  }

  test("request_logs rows say sse and websocket, under the canonical tool name", async () => {
    const { key, id } = await createApiKey(pool, env, tenant.orgId);
    const sse = await connect("sse", gateway, tenant, key);
    await sse.callTool({ name: "fake__echo", arguments: { text: "a" } });
    await sse.callTool({ name: "local__echo", arguments: { text: "b" } });
    const ws = await connect("websocket", gateway, tenant, key);
    await ws.callTool({ name: "fake__echo", arguments: { text: "c" } });
    await ws.callTool({ name: "local__echo", arguments: { text: "d" } });
    const rows = await logRows(id, "tools/call", 4);
    expect(rows.map(({ transport, tool_name, status }) => ({ transport, tool_name, status }))).toEqual([
      { transport: "sse", tool_name: "fake__echo", status: "ok" },
      { transport: "sse", tool_name: "local__echo", status: "ok" },
      { transport: "websocket", tool_name: "fake__echo", status: "ok" },
      { transport: "websocket", tool_name: "local__echo", status: "ok" },
    ]);
  });

  test("a deny policy refuses fast-lane calls on both transports, logged as denied", async () => {
    const other = await createTenant(pool, env, [
      { name: "fake", transport: "streamable-http", url: upstream.url, timeoutMs: 5_000 },
    ]);
    const { key, id } = await createApiKey(pool, env, other.orgId);
    await pool.query(
      `insert into policies (id, org_id, namespace_id, name, effect, priority, conditions, updated_at)
       values ($1, $2, $3, 'no-echo', 'deny', 10, $4, now())`,
      [randomUUID(), other.orgId, other.namespaceId, JSON.stringify({ tools: ["*__echo"] })],
    );
    const calls = upstream.callIds.length;
    const before = served();
    for (const kind of KINDS) {
      const client = await connect(kind, gateway, other, key);
      const error = await outcome(client.callTool({ name: "fake__echo", arguments: { text: "no" } }));
      expect(error).toEqual({
        error: {
          code: -32043,
          message: expect.stringContaining('tools/call fake__echo denied by policy "no-echo"'),
          data: expect.anything(),
        },
      });
    }
    expect(served() - before).toBe(2);
    expect(upstream.callIds.length).toBe(calls); // nothing reached the upstream
    const rows = await logRows(id, "tools/call", 2);
    expect(rows.map((row) => [row.transport, row.status])).toEqual([
      ["sse", "denied"],
      ["websocket", "denied"],
    ]);
  });

  test("websocket: a stdio fast-lane call's sampling request goes to that client and back", async () => {
    const { key } = await createApiKey(pool, env, tenant.orgId);
    const client = await connect("websocket", gateway, tenant, key, { sampling: {} });
    let asked = 0;
    client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
      asked++;
      const text = (request.params.messages[0]!.content as { text: string }).text;
      return { role: "assistant", content: { type: "text", text: `ws says ${text}` }, model: "test" };
    });
    const before = served();
    const result = await client.callTool({ name: "local__ask_llm", arguments: { prompt: "over the socket?" } });
    expect(textOf(result)).toBe("ws says over the socket?");
    expect(asked).toBe(1);
    expect(served() - before).toBe(1);
  });

  test("sse: a cancelled call is cancelled upstream, logged as cancelled, and gets no response", async () => {
    const { key, id } = await createApiKey(pool, env, tenant.orgId);
    const client = await connect("sse", gateway, tenant, key);
    const errors: Error[] = [];
    client.onerror = (error) => errors.push(error);
    const cancelledBefore = upstream.cancelled.length;
    const before = served();
    const controller = new AbortController();
    const pending = outcome(
      client.callTool({ name: "fake__hang", arguments: {} }, undefined, { signal: controller.signal }),
    );
    await eventually(async () => served() > before);
    await Bun.sleep(50);
    controller.abort("stop");
    expect(((await pending) as { error: { message: string } }).error.message).toContain("stop");
    await eventually(async () => upstream.cancelled.length > cancelledBefore);
    expect(upstream.cancelled.at(-1)!.reason).toBe("stop");
    const [row] = await logRows(id, "tools/call", 1);
    expect(row).toEqual({ transport: "sse", tool_name: "fake__hang", status: "error", error_code: -32800 });
    expect((await logRows(id, "notifications/cancelled", 1))[0]!.transport).toBe("sse");
    // The session goes on; a response to the cancelled id would have reached onerror ("unknown message ID").
    expect(textOf(await client.callTool({ name: "fake__echo", arguments: { text: "after" } }))).toBe("after");
    await Bun.sleep(100);
    expect(errors).toEqual([]);
  });
});
