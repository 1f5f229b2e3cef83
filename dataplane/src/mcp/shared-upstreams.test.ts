// One process per non-isolated stdio server, whatever its clients declare: the routing of
// server→client requests arriving on that shared upstream session (shared-requests.ts) — to the one
// client with a call in flight that can answer, a clear "ambiguous" error when several could, and the
// roots/list rules outside any call. Real gateway, real SDK clients, the demo server over stdio.
import { describe, expect, test } from "bun:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  type ClientCapabilities,
  CreateMessageRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { demoStdioServer, eventually, type ServerSpec } from "../test/fixtures.ts";
import { gatewaySuite } from "../test/gateway-suite.ts";
import { sessionIdOf, textOf } from "./protocol-harness.ts";

const suite = gatewaySuite();
const AMBIGUOUS =
  "ambiguous: 2 client sessions have calls in flight on server local; mark the server isolated for per-client sampling/elicitation/roots";

const demo = (name: string, isolated = false): ServerSpec => ({
  ...demoStdioServer(name, { protocol: true }),
  isolated,
});

/** A namespace of its own per test, so the set of sessions on the shared process is exactly the test's. */
async function namespace(servers: ServerSpec[] = [demo("local")]) {
  const tenant = await suite.createTenant(servers);
  const { key } = await suite.createKey({ orgId: tenant.orgId });
  const connect = (name: string, capabilities: ClientCapabilities = {}) =>
    suite.connect({ endpoint: suite.gateway.endpoint(tenant), key, name, capabilities });
  return { tenant, connect };
}

function answerSampling(client: Client, label: string, seen: string[]): void {
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    const text = (request.params.messages[0]!.content as { text: string }).text;
    seen.push(`${label}:${text}`);
    return { role: "assistant", content: { type: "text", text: `${label} says ${text}` }, model: "test" };
  });
}

function answerRoots(client: Client, uri: string): void {
  client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri }] }));
}

/** Starts a 30 s call on `local` and waits until the gateway has it in flight; abort() ends it. */
async function callInFlight(client: Client) {
  const controller = new AbortController();
  const call = client
    .callTool({ name: "local__cancellable_sleep", arguments: { ms: 30_000 } }, undefined, { signal: controller.signal })
    .catch(() => undefined);
  const session = suite.gateway.dataplane.sessions.get(sessionIdOf(client))!;
  await eventually(async () => [...session.active.values()].some((active) => active.serverId !== null));
  return async () => {
    controller.abort("done");
    await call;
  };
}

/** Roots the demo server reported in its "roots" log messages (asked outside any call). */
function reportedRoots(client: Client): unknown[] {
  const reports: unknown[] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, async (n) => {
    if (n.params.logger === "local/roots") reports.push(n.params.data);
  });
  return reports;
}

describe("one upstream process per stdio server", () => {
  test("clients that declare sampling and roots share one process; an isolated server gets one each", async () => {
    const { tenant, connect } = await namespace([demo("local"), demo("solo", true)]);
    const capabilities = { sampling: {}, roots: { listChanged: true } };
    const [a, b] = await Promise.all([connect("a", capabilities), connect("b", capabilities)]);
    const pid = async (client: Client, tool: string) =>
      (JSON.parse(textOf(await client.callTool({ name: tool, arguments: {} }))) as { pid: number }).pid;
    expect(await pid(a, "local__stats")).toBe(await pid(b, "local__stats"));
    expect(await pid(a, "solo__stats")).not.toBe(await pid(b, "solo__stats"));
    const locals = suite.gateway.dataplane.upstreams.ofServer(tenant.serverIds.local!);
    expect(locals.map((connection) => connection.owner)).toEqual([null]);
    const solos = suite.gateway.dataplane.upstreams.ofServer(tenant.serverIds.solo!).map((c) => c.owner);
    expect(solos.sort()).toEqual([sessionIdOf(a), sessionIdOf(b)].sort());
  }, 60_000);
});

describe("server→client requests on the shared stdio session", () => {
  test("sampling goes to the one capable client with a call in flight, never to idle ones", async () => {
    const { connect } = await namespace();
    const [a, b, plain] = await Promise.all([
      connect("a", { sampling: {} }),
      connect("b", { sampling: {} }),
      connect("plain"),
    ]);
    const seen: string[] = [];
    answerSampling(a, "a", seen);
    answerSampling(b, "b", seen);
    // A call in flight from a client that cannot answer sampling does not make it ambiguous.
    const stop = await callInFlight(plain);
    const result = await a.callTool({ name: "local__ask_llm", arguments: { prompt: "hi" } });
    await stop();
    expect(textOf(result)).toBe("a says hi");
    expect(seen).toEqual(["a:hi"]);
  }, 60_000);

  test("two capable clients with calls in flight: the server gets a clear 'ambiguous' error, not a guess", async () => {
    const { connect } = await namespace();
    const [a, b] = await Promise.all([connect("a", { sampling: {} }), connect("b", { sampling: {} })]);
    const seen: string[] = [];
    answerSampling(a, "a", seen);
    answerSampling(b, "b", seen);
    const stop = await callInFlight(a);
    const started = Date.now();
    const result = (await b.callTool({ name: "local__ask_llm", arguments: { prompt: "hi" } })) as {
      isError?: boolean;
    };
    await stop();
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(AMBIGUOUS);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(seen).toEqual([]);
  }, 60_000);

  test("sampling with no capable client in flight names the missing capability", async () => {
    const { connect } = await namespace();
    const [plain, able] = await Promise.all([connect("plain"), connect("able", { sampling: {} })]);
    const seen: string[] = [];
    answerSampling(able, "able", seen);
    const result = (await plain.callTool({ name: "local__ask_llm", arguments: { prompt: "x" } })) as {
      isError?: boolean;
    };
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("the client did not declare the sampling capability");
    expect(seen).toEqual([]);
  }, 60_000);

  test("roots/list during a call is answered by the calling client", async () => {
    const { connect } = await namespace();
    const [a, b] = await Promise.all([connect("a", { roots: {} }), connect("b", { roots: {} })]);
    answerRoots(a, "file:///a");
    answerRoots(b, "file:///b");
    const roots = async (client: Client) =>
      JSON.parse(textOf(await client.callTool({ name: "local__list_roots", arguments: {} })));
    expect(await roots(a)).toEqual({ roots: [{ uri: "file:///a" }] });
    expect(await roots(b)).toEqual({ roots: [{ uri: "file:///b" }] });
  }, 60_000);

  test("roots/list outside any call: the only roots-declaring session's roots, else an empty list", async () => {
    const { connect } = await namespace();
    const plain = await connect("plain");
    const reports = reportedRoots(plain);
    const askLater = async (count: number) => {
      await plain.callTool({ name: "local__list_roots_later", arguments: { ms: 100 } });
      await eventually(async () => reports.length === count, 10_000);
      return reports[count - 1];
    };
    expect(await askLater(1)).toEqual({ roots: [] });
    const a = await connect("a", { roots: {} });
    answerRoots(a, "file:///a");
    expect(await askLater(2)).toEqual({ roots: [{ uri: "file:///a" }] });
    const b = await connect("b", { roots: {} });
    answerRoots(b, "file:///b");
    expect(await askLater(3)).toEqual({ roots: [] });
  }, 60_000);

  test("roots/list_changed reaches the shared process only from the sole roots-declaring session", async () => {
    const { connect } = await namespace();
    const capabilities = { roots: { listChanged: true } };
    const [a, b] = await Promise.all([connect("a", capabilities), connect("b", capabilities)]);
    answerRoots(a, "file:///a");
    answerRoots(b, "file:///b");
    const reports = reportedRoots(a);
    const rootsChanged = async () =>
      (JSON.parse(textOf(await a.callTool({ name: "local__stats", arguments: {} }))) as { rootsChanged: number })
        .rootsChanged;
    expect(await rootsChanged()).toBe(0); // also starts the process (nothing is told to one not running)
    await b.sendRootsListChanged(); // not forwarded: a declared roots too
    await (b.transport as StreamableHTTPClientTransport).terminateSession();
    await a.sendRootsListChanged(); // forwarded: a is now the only one
    await eventually(async () => (await rootsChanged()) === 1);
    // The server asks roots/list right away, outside any call (or during a's stats call): a's roots.
    await eventually(async () => reports.length > 0);
    expect(reports).toEqual([{ roots: [{ uri: "file:///a" }] }]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await rootsChanged()).toBe(1);
  }, 60_000);
});
