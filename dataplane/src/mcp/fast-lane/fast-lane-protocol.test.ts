// The fast lane under main's routing rules (docs/architecture.md, "Protocol semantics"): on a shared
// stdio session its calls count as in flight, so sampling reaches the client that declared it; on
// HTTP upstreams it serves only clients that declared no client capability, answers server→client
// requests as the SDK path's shared session does, forwards list changes to every session; virtual
// routes resolve names like the aggregator; policies and scopes apply; session-less calls (/rpc,
// stateless 2026-07-28) use it too; OMNIMESH_FAST_LANE=false turns it off. Real gateway, real SDK clients, the demo server over stdio, a scripted HTTP upstream.
import { describe, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { CreateMessageRequestSchema, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { demoStdioServer, eventually, startGateway, testEnv } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { textOf } from "../protocol-harness.ts";
import { type FakeUpstream, startFakeUpstream } from "./fake-upstream.ts";

let upstream: FakeUpstream;
const suite = gatewaySuite({
  servers: () => {
    upstream = startFakeUpstream();
    suite.onStop(() => upstream.stop());
    return [
      { name: "fake", transport: "streamable-http", url: upstream.url, timeoutMs: 5_000 },
      demoStdioServer("local", { protocol: true }),
    ];
  },
});
const { pool } = suite;

const served = () => suite.gateway.dataplane.fastLane!.served;

function answerSampling(client: Client, label: string): void {
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    const text = (request.params.messages[0]!.content as { text: string }).text;
    return { role: "assistant", content: { type: "text", text: `${label} says ${text}` }, model: "test" };
  });
}

describe("fast lane and server→client requests", () => {
  test("stdio: a client that declared sampling calls ask_llm on the fast lane and answers the sampling", async () => {
    const client = await suite.connect({ name: "sampler", capabilities: { sampling: {} } });
    answerSampling(client, "sampler");
    const before = served();
    const result = await client.callTool({ name: "local__ask_llm", arguments: { prompt: "what now?" } });
    expect(textOf(result)).toBe("sampler says what now?");
    expect(served() - before).toBe(1);
  });

  test("stdio: two sessions declared sampling, one has a call in flight — the request goes to that one", async () => {
    const idle = await suite.connect({ name: "idle", capabilities: { sampling: {} } });
    answerSampling(idle, "idle");
    const caller = await suite.connect({ name: "caller", capabilities: { sampling: {} } });
    answerSampling(caller, "caller");
    const result = await caller.callTool({ name: "local__ask_llm", arguments: { prompt: "who?" } });
    expect(textOf(result)).toBe("caller says who?");
  });

  test("stdio: a client without sampling gets the SDK path's refusal inside the tool result", async () => {
    const client = await suite.connect({ name: "plain" });
    const before = served();
    const result = await client.callTool({ name: "local__ask_llm", arguments: { prompt: "x" } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(
      "Omnimesh cannot relay sampling/createMessage: the client did not declare the sampling capability",
    );
    expect(served() - before).toBe(1);
  });

  test("HTTP: a server→client request on a fast call's stream gets the SDK path's error", async () => {
    const client = await suite.connect({ name: "no-caps" });
    const before = served();
    const answers = upstream.answers.length;
    expect(textOf(await client.callTool({ name: "fake__ask", arguments: {} }))).toBe("asked");
    expect(served() - before).toBe(1);
    const fastAnswer = upstream.answers[answers] as { error: unknown };

    // The same call with the fast lane off: the SDK client of the shared upstream session answers.
    const off = await startGateway(testEnv({ OMNIMESH_FAST_LANE: "false" }));
    try {
      expect(off.dataplane.fastLane).toBeNull();
      const sdk = await suite.connect({ endpoint: off.endpoint(suite.tenant), name: "no-caps-sdk" });
      expect(textOf(await sdk.callTool({ name: "fake__ask", arguments: {} }))).toBe("asked");
      const sdkAnswer = upstream.answers[answers + 1] as { error: unknown };
      expect(fastAnswer.error).toEqual(sdkAnswer.error);
      expect(fastAnswer.error).toEqual({
        code: -32600,
        message:
          "MCP error -32600: Omnimesh cannot relay sampling/createMessage: the client did not declare the sampling capability (clients that declare it get an upstream session of their own)",
      });
    } finally {
      await off.stop();
    }
  });

  test("HTTP: a client that declared sampling gets its own upstream session; its call takes the fast lane on it and answers", async () => {
    const sessions = upstream.initializations;
    const client = await suite.connect({ name: "own", capabilities: { sampling: {} } });
    answerSampling(client, "own");
    const before = served();
    const answers = upstream.answers.length;
    expect(textOf(await client.callTool({ name: "fake__ask", arguments: {} }))).toBe("asked");
    expect(served()).toBe(before + 1);
    // One upstream session of the client's own (its SDK connection's), which the fast call was sent on.
    expect(upstream.initializations).toBe(sessions + 1);
    expect((upstream.answers[answers] as { result: { content: { text: string } } }).result.content.text).toBe(
      "own says hi",
    );
  });

  test("HTTP: IDE-like clients calling at once each answer their own sampling, each on its own upstream session", async () => {
    const clients = await Promise.all(
      ["ann", "ben", "cat"].map(async (name) => {
        const client = await suite.connect({ name, capabilities: { sampling: {}, roots: { listChanged: true } } });
        answerSampling(client, name);
        return client;
      }),
    );
    const before = served();
    const answers = upstream.answers.length;
    const results = await Promise.all(clients.map((client) => client.callTool({ name: "fake__ask", arguments: {} })));
    for (const result of results) expect(textOf(result)).toBe("asked");
    expect(served() - before).toBe(3);
    const said = upstream.answers
      .slice(answers)
      .map((answer) => (answer as { result: { content: { text: string } } }).result.content.text)
      .sort();
    expect(said).toEqual(["ann says hi", "ben says hi", "cat says hi"]);
  });

  test("HTTP: the upstream forgot an IDE client's own session (404): a new one is opened and the call still succeeds", async () => {
    const client = await suite.connect({ name: "forgotten", capabilities: { roots: {} } });
    const echo = (text: string) => client.callTool({ name: "fake__echo", arguments: { text } });
    expect(textOf(await echo("before"))).toBe("before");
    const sessions = upstream.initializations;
    const before = served();
    upstream.expireSessions();
    expect(textOf(await echo("after"))).toBe("after");
    expect(served() - before).toBe(1);
    expect(upstream.initializations).toBeGreaterThan(sessions);
    expect(textOf(await echo("again"))).toBe("again");
  });

  test("HTTP: a list change heard on the fast lane's upstream session reaches the other client sessions", async () => {
    const caller = await suite.connect({ name: "grower" });
    const watcher = await suite.connect({ name: "watcher" });
    let told = 0;
    watcher.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      told++;
    });
    const before = (await watcher.listTools()).tools.length;
    const fast = served();
    await caller.callTool({ name: "fake__grow", arguments: {} });
    expect(served() - fast).toBe(1);
    await eventually(async () => told > 0);
    expect((await watcher.listTools()).tools.length).toBe(before + 1);
  });
});

describe("fast lane without a session", () => {
  const rpc = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${suite.ns}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        ...suite.auth,
        ...headers,
      },
      body: JSON.stringify(body),
    }).then((res) => res.json() as Promise<Record<string, unknown>>);
  const call = (id: number, name: string, args: Record<string, unknown>) => ({
    jsonrpc: "2.0",
    id,
    method: "tools/call",
    params: { name, arguments: args },
  });

  test("/rpc: HTTP and stdio calls are served, errors are the SDK path's, rows say transport rpc", async () => {
    const before = served();
    expect(await rpc("/rpc", call(1, "fake__echo", { text: "over rpc" }))).toEqual({
      jsonrpc: "2.0",
      id: 1,
      result: { content: [{ type: "text", text: "over rpc" }] },
    });
    expect(textOf((await rpc("/rpc", call(2, "local__echo", { text: "stdio rpc" }))).result)).toBe("stdio rpc");
    expect(await rpc("/rpc", call(3, "fake__fail", {}))).toEqual({
      jsonrpc: "2.0",
      id: 3,
      error: { code: -32050, message: "fake: boom", data: { why: "test" } },
    });
    expect(served() - before).toBe(3);
    const rows = await eventually(async () => {
      const { rows } = await pool.query(
        `select tool_name, status, error_code from request_logs
          where org_id = $1 and transport = 'rpc' and method = 'tools/call' order by created_at`,
        [suite.tenant.orgId],
      );
      return rows.length >= 3 ? rows : undefined;
    });
    expect(rows.slice(0, 3)).toEqual([
      { tool_name: "fake__echo", status: "ok", error_code: null },
      { tool_name: "local__echo", status: "ok", error_code: null },
      { tool_name: "fake__fail", status: "error", error_code: -32050 },
    ]);
  });

  test("stateless 2026-07-28: served, with the revision's result shape", async () => {
    const before = served();
    const modern = {
      ...call(4, "fake__echo", { text: "modern" }),
      params: {
        name: "fake__echo",
        arguments: { text: "modern" },
        _meta: {
          "io.modelcontextprotocol/protocolVersion": "2026-07-28",
          "io.modelcontextprotocol/clientCapabilities": {},
        },
      },
    };
    const answer = await rpc("/mcp", modern, { "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call" });
    expect(textOf(answer.result)).toBe("modern");
    expect(served() - before).toBe(1);
  });
});

describe("fast lane and routes", () => {
  test("a virtual server's renamed tool is served and logged with the virtual server and canonical name", async () => {
    const virtualId = randomUUID();
    await pool.query(
      `insert into virtual_servers (id, org_id, namespace_id, name, updated_at) values ($1, $2, $3, $4, now())`,
      [virtualId, suite.tenant.orgId, suite.tenant.namespaceId, `fast-${virtualId.slice(0, 8)}`],
    );
    await pool.query(
      `insert into virtual_server_entries (id, virtual_server_id, server_id, kind, source_name, exposed_name)
       values ($1, $2, $3, 'tool'::"VirtualEntryKind", 'echo', 'say')`,
      [randomUUID(), virtualId, suite.tenant.serverIds.fake],
    );
    const client = await suite.connect({ endpoint: `${suite.gateway.url}/virtual/${virtualId}/mcp`, name: "virtual" });
    const before = served();
    const marker = `virtual-${virtualId}`;
    expect(textOf(await client.callTool({ name: "say", arguments: { text: marker } }))).toBe(marker);
    expect(served() - before).toBe(1);
    const row = await eventually(async () => {
      const { rows } = await pool.query(
        `select tool_name, transport, virtual_server_id, server_id, status from request_logs
          where org_id = $1 and method = 'tools/call' and virtual_server_id = $2`,
        [suite.tenant.orgId, virtualId],
      );
      return rows[0];
    });
    expect(row).toEqual({
      tool_name: "fake__echo",
      transport: "streamable-http",
      virtual_server_id: virtualId,
      server_id: suite.tenant.serverIds.fake,
      status: "ok",
    });
  });

  test("the per-server endpoint serves names verbatim on the fast lane", async () => {
    const client = await suite.connect({ endpoint: suite.serverEndpoint("fake"), name: "single" });
    const before = served();
    expect(textOf(await client.callTool({ name: "echo", arguments: { text: "plain" } }))).toBe("plain");
    expect(served() - before).toBe(1);
  });

  test("a deny policy applies to fast-lane calls like any other", async () => {
    const other = await suite.createTenant([
      { name: "fake", transport: "streamable-http", url: upstream.url, timeoutMs: 5_000 },
    ]);
    const otherKey = (await suite.createKey({ orgId: other.orgId })).key;
    await pool.query(
      `insert into policies (id, org_id, namespace_id, name, effect, priority, conditions, updated_at)
       values ($1, $2, $3, 'no-echo', 'deny', 10, $4, now())`,
      [randomUUID(), other.orgId, other.namespaceId, JSON.stringify({ tools: ["*__echo"] })],
    );
    const client = await suite.connect({ endpoint: suite.gateway.endpoint(other), key: otherKey, name: "denied" });
    const before = served();
    const error = (await client
      .callTool({ name: "fake__echo", arguments: { text: "no" } })
      .catch((e) => e)) as Error & {
      code?: number;
    };
    expect(error.code).toBe(-32043);
    expect(error.message).toContain('tools/call fake__echo denied by policy "no-echo"');
    expect(served() - before).toBe(1);
  });
});
