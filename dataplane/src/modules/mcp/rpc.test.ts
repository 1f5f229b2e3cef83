// /rpc, /rpc/batch and /rpc/introspection against a real gateway and the real demo server.
import { describe, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import { demoStdioServer, eventually } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { loggedTransports, rpcPost } from "./transport-fixtures.ts";

const suite = gatewaySuite({ servers: [demoStdioServer()], key: false });

type RpcAnswer = {
  jsonrpc: string;
  id: unknown;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
};

describe("JSON-RPC over HTTP (/ns/:org/:ns/rpc)", () => {
  test("one request → its JSON response; a notification → 202 with no body; logs say rpc", async () => {
    const { key, id } = await suite.createKey();
    const call = await rpcPost(`${suite.ns}/rpc`, key, {
      jsonrpc: "2.0",
      id: 7,
      method: "tools/call",
      params: { name: "demo__add", arguments: { a: 20, b: 22 } },
    });
    expect(call.status).toBe(200);
    expect(((await call.json()) as RpcAnswer).result?.structuredContent).toEqual({ sum: 42 });
    const note = await rpcPost(`${suite.ns}/rpc`, key, { jsonrpc: "2.0", method: "notifications/initialized" });
    expect(note.status).toBe(202);
    expect(await note.text()).toBe("");
    const unknown = (await (
      await rpcPost(`${suite.ns}/rpc`, key, { jsonrpc: "2.0", id: 8, method: "nope/nope" })
    ).json()) as RpcAnswer;
    expect(unknown.error).toEqual({ code: -32601, message: "Method not found: nope/nope" });
    expect(await loggedTransports(suite.pool, id, "tools/call")).toEqual([{ transport: "rpc", status: "ok" }]);
  });

  test("bad bodies: not JSON-RPC 400 -32600, invalid JSON 400 -32700, an array on /rpc 400", async () => {
    const { key } = await suite.createKey();
    const notRpc = await rpcPost(`${suite.ns}/rpc`, key, { hello: 1 });
    expect(notRpc.status).toBe(400);
    expect(((await notRpc.json()) as RpcAnswer).error?.code).toBe(-32600);
    const badJson = await fetch(`${suite.ns}/rpc`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: "{",
    });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as RpcAnswer).error?.code).toBe(-32700);
    const array = await rpcPost(`${suite.ns}/rpc`, key, [{ jsonrpc: "2.0", id: 1, method: "ping" }]);
    expect(array.status).toBe(400);
    expect(((await array.json()) as RpcAnswer).error?.message).toContain("/rpc/batch");
  });

  test("batch: each valid element answered, invalid ones get -32600, notifications nothing; empty → 400", async () => {
    const { key } = await suite.createKey();
    const response = await rpcPost(`${suite.ns}/rpc/batch`, key, [
      { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "demo__echo", arguments: { text: "hi" } } },
      { jsonrpc: "2.0", id: 2, nonsense: true },
      { jsonrpc: "2.0", method: "notifications/initialized" },
      { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "nosuch__tool" } },
      { jsonrpc: "2.0", id: 4, method: "ping" },
    ]);
    expect(response.status).toBe(200);
    const answers = (await response.json()) as RpcAnswer[];
    expect(answers.map((answer) => answer.id)).toEqual([1, 2, 3, 4]);
    expect(answers[0]!.result?.content).toEqual([{ type: "text", text: "hi" }]);
    expect(answers[1]!.error?.code).toBe(-32600);
    expect(answers[2]!.error?.code).toBe(-32602);
    expect(answers[3]!.result).toEqual({});
    const empty = await rpcPost(`${suite.ns}/rpc/batch`, key, []);
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as RpcAnswer).error).toEqual({
      code: -32600,
      message: "Invalid Request: empty batch",
    });
    const onlyNotes = await rpcPost(`${suite.ns}/rpc/batch`, key, [
      { jsonrpc: "2.0", method: "notifications/initialized" },
    ]);
    expect(onlyNotes.status).toBe(202);
  });

  test("introspection lists methods and only the tools policies let this key call", async () => {
    const { key, id } = await suite.createKey();
    const readOnly = await suite.createKey({ scopes: ["mcp:read"] });
    await suite.gateway.dataplane.rules.forOrg(suite.tenant.orgId);
    await suite.pool.query(
      `insert into policies (id, org_id, namespace_id, name, effect, priority, conditions, updated_at)
       values ($1, $2, $3, 'no-sleep', 'deny', 10, $4, now())`,
      [
        randomUUID(),
        suite.tenant.orgId,
        suite.tenant.namespaceId,
        JSON.stringify({ tools: ["*__sleep"], apiKeyIds: [id] }),
      ],
    );
    const introspect = async (k: string) => {
      const response = await fetch(`${suite.ns}/rpc/introspection`, { headers: { authorization: `Bearer ${k}` } });
      expect(response.status).toBe(200);
      return (await response.json()) as { methods: string[]; tools: Array<{ name: string }> };
    };
    const listed = await eventually(async () => {
      const body = await introspect(key);
      return body.tools.some((tool) => tool.name === "demo__sleep") ? undefined : body;
    });
    expect(listed.tools.map((tool) => tool.name).sort()).toEqual(["demo__add", "demo__echo", "demo__get_time"]);
    expect(listed.methods).toContain("tools/call");
    const reader = await introspect(readOnly.key);
    expect(reader.tools.map((tool) => tool.name)).toContain("demo__sleep");
    expect(reader.methods).not.toContain("tools/call");
    const denied = (await (
      await rpcPost(`${suite.ns}/rpc`, key, {
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "demo__sleep", arguments: { ms: 1 } },
      })
    ).json()) as RpcAnswer;
    expect(denied.error?.code).toBe(-32043);
    await suite.pool.query(`delete from policies where org_id = $1`, [suite.tenant.orgId]);
  });
});
