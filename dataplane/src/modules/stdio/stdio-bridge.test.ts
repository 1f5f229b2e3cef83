// The stdio bridge endpoints against a real gateway, real stdio servers (the demo server and one that
// starts a grandchild) and real request_logs rows.
import { beforeAll, describe, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { processState } from "../../mcp/upstreams/stdio-process.ts";
import { connectClient, demoStdioServer, eventually, type Tenant } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { signTestToken, suiteSigningKey, type TestSigningKey } from "../auth/test-signing-keys.ts";
import type { StdioProcessView } from "./model.ts";

const GRANDCHILD_SERVER = join(import.meta.dir, "..", "..", "mcp", "upstreams", "grandchild-server.ts");
const suite = gatewaySuite({
  servers: [
    demoStdioServer("demo"),
    { name: "tree", transport: "stdio", command: process.execPath, args: [GRANDCHILD_SERVER] },
    { name: "remote", transport: "streamable-http", url: "http://127.0.0.1:9/mcp" },
  ],
  key: { scopes: ["admin"] },
});
const { pool } = suite;
let other: Tenant;
let signing: TestSigningKey;

beforeAll(async () => {
  other = await suite.createTenant([demoStdioServer("theirs")]);
  signing = await suiteSigningKey(suite);
});

async function call(method: "GET" | "POST", path: string, body?: unknown, token = suite.key.key) {
  const response = await fetch(`${suite.gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: assertions look into arbitrary JSON
  return { status: response.status, body: (await response.json()) as any };
}

const rpc = (method: string, params?: Record<string, unknown>, id: number | string = 1) => ({
  jsonrpc: "2.0",
  id,
  method,
  ...(params ? { params } : {}),
});

async function processesOf(serverId: string): Promise<StdioProcessView[]> {
  const { body } = await call("GET", "/stdio/process");
  return (body.processes as StdioProcessView[]).filter((p) => p.serverId === serverId);
}

const gone = (pid: number) => {
  const state = processState(pid);
  return state === null || state.state === "Z";
};

describe("stdio bridge", () => {
  test("GET /stdio/process lists the org's stdio servers only, not started yet", async () => {
    const { status, body } = await call("GET", "/stdio/process");
    expect(status).toBe(200);
    const names = (body.processes as StdioProcessView[]).map((p) => p.serverName).sort();
    expect(names).toEqual(["demo", "tree"]);
    const demo = body.processes.find((p: StdioProcessView) => p.serverName === "demo");
    expect(demo).toMatchObject({ serverId: suite.tenant.serverIds.demo, running: false, pid: null, restarts: 0 });
  });

  test("execute runs one JSON-RPC request through the shared upstream connection and logs it", async () => {
    const { status, body } = await call("POST", "/stdio/execute", {
      serverId: suite.tenant.serverIds.demo,
      message: rpc("tools/call", { name: "echo", arguments: { text: "bridged" } }, "req-7"),
    });
    expect(status).toBe(200);
    expect(body).toEqual({ jsonrpc: "2.0", id: "req-7", result: { content: [{ type: "text", text: "bridged" }] } });

    // The namespace endpoint uses the very same process.
    const [before] = await processesOf(suite.tenant.serverIds.demo!);
    const client = await connectClient(suite.endpoint, suite.key.key);
    await client.callTool({ name: "demo__echo", arguments: { text: "via mcp" } });
    await client.close();
    expect(
      suite.gateway.dataplane.upstreams.list().filter((c) => c.config.id === suite.tenant.serverIds.demo),
    ).toHaveLength(1);
    expect((await processesOf(suite.tenant.serverIds.demo!))[0]?.pid).toBe(before!.pid);

    const row = await eventually(async () => {
      const { rows } = await pool.query(
        `select transport, method, tool_name, jsonrpc_id, status, server_id from request_logs
          where org_id = $1 and transport = 'stdio-bridge'`,
        [suite.tenant.orgId],
      );
      return rows[0];
    });
    expect(row).toEqual({
      transport: "stdio-bridge",
      method: "tools/call",
      tool_name: "demo__echo",
      jsonrpc_id: "req-7",
      status: "ok",
      server_id: suite.tenant.serverIds.demo,
    });
  }, 30_000);

  test("an upstream JSON-RPC error comes back as the JSON-RPC response, naming the server", async () => {
    const { status, body } = await call("POST", "/stdio/execute", {
      serverId: suite.tenant.serverIds.demo,
      message: rpc("prompts/get", { name: "no-such-prompt" }, 9),
    });
    expect(status).toBe(200);
    expect(body.id).toBe(9);
    expect(body.error.code).toBe(-32602);
    expect(body.error.message).toContain("demo:");
  });

  test("send delivers a notification or a request without waiting: 202", async () => {
    const notification = await call("POST", "/stdio/send", {
      serverId: suite.tenant.serverIds.demo,
      message: { jsonrpc: "2.0", method: "notifications/roots/list_changed" },
    });
    expect(notification).toEqual({ status: 202, body: { accepted: true } });
    const request = await call("POST", "/stdio/send", {
      serverId: suite.tenant.serverIds.demo,
      message: rpc("tools/call", { name: "sleep", arguments: { ms: 50 } }),
    });
    expect(request).toEqual({ status: 202, body: { accepted: true } });
  });

  test("start, restart and stop; stop ends the whole process tree", async () => {
    const serverId = suite.tenant.serverIds.tree!;
    const started = await call("POST", "/stdio/process", { serverId, action: "start" });
    expect(started.status).toBe(200);
    expect(started.body.processes[0]).toMatchObject({ serverId, serverName: "tree", running: true, restarts: 0 });
    const firstPid = started.body.processes[0].pid as number;
    expect(firstPid).toBeNumber();

    const pids = await call("POST", "/stdio/execute", { serverId, message: rpc("tools/call", { name: "pids" }) });
    const { grandchild } = JSON.parse(pids.body.result.content[0].text);

    const restarted = await call("POST", "/stdio/process", { serverId, action: "restart" });
    expect(restarted.body.processes[0]).toMatchObject({ running: true, restarts: 1 });
    expect(restarted.body.processes[0].pid).not.toBe(firstPid);
    expect(gone(firstPid)).toBe(true);
    expect(gone(grandchild)).toBe(true);

    const secondPid = restarted.body.processes[0].pid as number;
    const stopped = await call("POST", "/stdio/process", { serverId, action: "stop" });
    expect(stopped.status).toBe(200);
    expect(stopped.body.processes[0]).toMatchObject({ running: false, pid: secondPid });
    expect(gone(secondPid)).toBe(true);
    expect((await processesOf(serverId))[0]).toMatchObject({ running: false, pid: null });
  }, 30_000);

  test("only admins: no key 401 (even with a bad body), an mcp:full key 403, a member JWT 403, an owner JWT works", async () => {
    const serverId = suite.tenant.serverIds.demo;
    const noKey = await fetch(`${suite.gateway.url}/stdio/process`);
    expect(noKey.status).toBe(401);
    const badBody = await fetch(`${suite.gateway.url}/stdio/execute`, { method: "POST", body: "{oops" });
    expect(badBody.status).toBe(401);
    const full = (await suite.createKey({ scopes: ["mcp:full"] })).key;
    const forbidden = await call("POST", "/stdio/process", { serverId, action: "start" }, full);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toContain("admin");
    const userId = randomUUID();
    const member = await signTestToken(signing, { userId, orgId: suite.tenant.orgId, role: "member" });
    expect((await call("GET", "/stdio/process", undefined, member)).status).toBe(403);
    const owner = await signTestToken(signing, { userId, orgId: suite.tenant.orgId, role: "owner" });
    const executed = await call(
      "POST",
      "/stdio/execute",
      { serverId, message: rpc("tools/call", { name: "add", arguments: { a: 1, b: 2 } }) },
      owner,
    );
    expect(executed.status).toBe(200);
    expect(executed.body.result.structuredContent).toEqual({ sum: 3 });
  }, 30_000);

  test("another org's server, a non-stdio server and an unknown id are all 404 alike", async () => {
    for (const serverId of [other.serverIds.theirs, suite.tenant.serverIds.remote, randomUUID()]) {
      for (const [path, body] of [
        ["/stdio/execute", { serverId, message: rpc("tools/list") }],
        ["/stdio/send", { serverId, message: rpc("tools/list") }],
        ["/stdio/process", { serverId, action: "start" }],
      ] as const) {
        const response = await call("POST", path, body);
        expect({ path, status: response.status, message: response.body.error?.message }).toEqual({
          path,
          status: 404,
          message: `Stdio server "${serverId}" not found`,
        });
      }
    }
    expect((await processesOf(other.serverIds.theirs!)).length).toBe(0);
  });

  test("bad bodies → 400 with a clear message", async () => {
    const serverId = suite.tenant.serverIds.demo;
    const cases: [string, unknown, string][] = [
      ["/stdio/process", { action: "start" }, "serverId is required"],
      ["/stdio/process", { serverId: "nope", action: "start" }, "serverId must be a server id (UUID)"],
      ["/stdio/process", { serverId, action: "explode" }, 'action must be "start", "stop" or "restart"'],
      ["/stdio/execute", { serverId, message: { jsonrpc: "2.0", method: "tools/list" } }, "message.id"],
      ["/stdio/execute", { serverId, message: "tools/list" }, "message must be a JSON-RPC request object"],
      ["/stdio/execute", { serverId, message: rpc("initialize") }, "initialize is performed by the gateway"],
      ["/stdio/send", { serverId, message: { jsonrpc: "1.0", method: "x" } }, 'message.jsonrpc must be "2.0"'],
      ["/stdio/execute", "{not json", "Bad Request: the body is not valid JSON"],
    ];
    for (const [path, body, expected] of cases) {
      const response = await call("POST", path, body);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(response.body.error.message).toContain(expected);
    }
  });
});
