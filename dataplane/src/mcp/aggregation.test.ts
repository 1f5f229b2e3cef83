// Aggregation and routing through the gateway: one namespace with a stdio upstream (the demo server
// as a child process) and a Streamable HTTP upstream (the demo server over HTTP), real SDK client.
import { beforeAll, describe, expect, test } from "bun:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { serveDemoHttp } from "../demo/demo-server.ts";
import { connectClient, demoStdioServer, eventually } from "../test/fixtures.ts";
import { gatewaySuite } from "../test/gateway-suite.ts";

const suite = gatewaySuite({
  servers: () => {
    const httpDemo = serveDemoHttp(0);
    suite.onStop(() => httpDemo.stop(true));
    return [
      demoStdioServer("local"),
      {
        name: "remote",
        transport: "streamable-http",
        url: `http://127.0.0.1:${httpDemo.port}/mcp`,
        headers: { "x-test": "1" },
      },
      // Nothing listens on port 9 (discard): this upstream is dead from the start.
      { name: "dead", transport: "streamable-http", url: "http://127.0.0.1:9/mcp", timeoutMs: 2_000 },
    ];
  },
});
const { pool } = suite;
let client: Client;

beforeAll(async () => {
  client = await suite.connect();
});

const DEMO_TOOLS = ["add", "echo", "get_time", "sleep"];

describe("namespace aggregation", () => {
  test("tools/list returns every live server's tools as <server>__<tool>", async () => {
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name).sort();
    expect(names).toEqual([...DEMO_TOOLS.map((t) => `local__${t}`), ...DEMO_TOOLS.map((t) => `remote__${t}`)].sort());
    const echo = tools.find((tool) => tool.name === "remote__echo");
    expect(echo?.description).toBe("Returns the text it is given");
    expect(echo?.inputSchema.properties).toHaveProperty("text");
  });

  test("tools/call routes by prefix and returns the upstream result verbatim", async () => {
    expect(await client.callTool({ name: "local__echo", arguments: { text: "via stdio" } })).toEqual({
      content: [{ type: "text", text: "via stdio" }],
    });
    expect(await client.callTool({ name: "remote__add", arguments: { a: 2, b: 40 } })).toEqual({
      content: [{ type: "text", text: "42" }],
      structuredContent: { sum: 42 },
    });
  });

  test("an unknown tool → JSON-RPC invalid params naming the tool", async () => {
    const error = await client
      .callTool({ name: "nope__echo", arguments: {} })
      .catch((e: Error & { code?: number }) => e);
    expect((error as { code?: number }).code).toBe(-32602);
    expect((error as Error).message).toContain('Unknown tool "nope__echo"');
  });

  test("a dead upstream → JSON-RPC error naming the server, quickly; others keep working", async () => {
    const started = Date.now();
    const error = (await client.callTool({ name: "dead__echo", arguments: { text: "x" } }).catch((e) => e)) as Error & {
      code?: number;
    };
    expect(error.code).toBe(-32002);
    expect(error.message).toContain('Upstream server "dead" is unavailable');
    expect(Date.now() - started).toBeLessThan(2_000);
    const ok = await client.callTool({ name: "remote__echo", arguments: { text: "still here" } });
    expect(ok.content).toEqual([{ type: "text", text: "still here" }]);
  });

  test("a slow upstream → timeout error naming the server, never a hang", async () => {
    const fast = await suite.createTenant([{ ...demoStdioServer("slow"), timeoutMs: 300 }]);
    const key = await suite.createKey({ orgId: fast.orgId });
    const slowClient = await connectClient(suite.gateway.endpoint(fast), key.key);
    const error = (await slowClient
      .callTool({ name: "slow__sleep", arguments: { ms: 5_000 } })
      .catch((e) => e)) as Error & {
      code?: number;
    };
    expect(error.code).toBe(-32001);
    expect(error.message).toContain('Upstream server "slow" did not answer tools/call within 300 ms');
    await slowClient.close();
  });

  test("prompts are aggregated with the same prefix and routed back", async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name).sort()).toEqual(["local__greet", "remote__greet"]);
    const prompt = await client.getPrompt({ name: "remote__greet", arguments: { name: "Ada" } });
    expect(prompt.messages).toEqual([{ role: "user", content: { type: "text", text: "Say hello to Ada." } }]);
  });

  test("resources keep their URIs; names are prefixed; reads go to the first server by name", async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => [r.name, r.uri]).sort()).toEqual([
      ["local__info", "demo://info"],
      ["remote__info", "demo://info"],
    ]);
    const read = await client.readResource({ uri: "demo://info" });
    expect(read.contents).toEqual([{ uri: "demo://info", mimeType: "text/plain", text: "Omnimesh demo MCP server" }]);
    const templated = await client.readResource({ uri: "demo://echo/hello" });
    expect(templated.contents).toEqual([{ uri: "demo://echo/hello", mimeType: "text/plain", text: "hello" }]);
  });

  test("one stdio process serves every session (shared upstream)", async () => {
    const key = await suite.createKey();
    const second = await connectClient(suite.endpoint, key.key);
    await second.callTool({ name: "local__echo", arguments: { text: "second session" } });
    const locals = suite.gateway.dataplane.upstreams.list().filter((u) => u.config.id === suite.tenant.serverIds.local);
    expect(locals.length).toBe(1);
    await second.close();
  });

  test("every request writes a request_logs row (flushed in batches)", async () => {
    const marker = `log-marker-${Date.now()}`;
    await client.callTool({ name: "local__echo", arguments: { text: marker } });
    const row = await eventually(async () => {
      const { rows } = await pool.query(
        `select * from request_logs where org_id = $1 and tool_name = 'local__echo' and api_key_id = $2
          order by id desc limit 1`,
        [suite.tenant.orgId, suite.key.id],
      );
      return rows[0];
    });
    expect(row.namespace_id).toBe(suite.tenant.namespaceId);
    expect(row.server_id).toBe(suite.tenant.serverIds.local);
    expect(row.method).toBe("tools/call");
    expect(row.status).toBe("ok");
    expect(row.transport).toBe("streamable-http");
    expect(row.session_id).toBeString();
    expect(row.latency_ms).toBeGreaterThan(0);
    expect(row.request_bytes).toBeGreaterThan(marker.length);
    expect(row.response_bytes).toBeGreaterThan(marker.length);
    expect(row.client_ip).toBe("127.0.0.1");
    const failed = await eventually(async () => {
      const { rows } = await pool.query(
        `select status, error_code, error_message from request_logs where org_id = $1 and tool_name = 'dead__echo'`,
        [suite.tenant.orgId],
      );
      return rows[0];
    });
    expect(failed.status).toBe("error");
    expect(failed.error_code).toBe(-32002);
    // Rows are flushed in batches: wait for the batch holding the latest tests' rows.
    const expected = ["initialize", "notifications/initialized", "tools/list", "tools/call", "prompts/list"];
    const methods = await eventually(async () => {
      const { rows } = await pool.query(`select distinct method from request_logs where org_id = $1`, [
        suite.tenant.orgId,
      ]);
      const seen = rows.map((r) => r.method as string);
      return expected.every((method) => seen.includes(method)) ? seen : undefined;
    });
    expect(methods.sort()).toEqual(expect.arrayContaining(expected));
  });
  test("a crashed stdio server is restarted with backoff and calls work again", async () => {
    const upstream = suite.gateway.dataplane.upstreams
      .list()
      .find((u) => u.config.id === suite.tenant.serverIds.local)!;
    const pid = ((await upstream.getClient()).transport as unknown as { pid: number | null }).pid;
    expect(pid).toBeNumber();
    process.kill(pid!, "SIGKILL");
    const error = await eventually(async () => {
      const result = await client.callTool({ name: "local__echo", arguments: { text: "x" } }).then(
        () => null,
        (e: Error) => e,
      );
      return result ?? undefined;
    });
    expect(error.message).toContain('Upstream server "local"');
    const result = await eventually(
      async () => client.callTool({ name: "local__echo", arguments: { text: "back" } }).catch(() => undefined),
      5_000,
    );
    expect(result.content).toEqual([{ type: "text", text: "back" }]);
    const newPid = ((await upstream.getClient()).transport as unknown as { pid: number | null }).pid;
    expect(newPid).not.toBe(pid);
  });
});
