// Health from fast-lane traffic: the fast lane's own HTTP channel to a Streamable HTTP server fails and
// recovers without the SDK path's connection noticing (its session is idle), so the channel reports
// through the same debounced hook. Real gateway, real PostgreSQL, the demo server over HTTP; no sweep
// runs (DISCOVERY_INTERVAL_MS is 0 in tests).
import { expect, test } from "bun:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { serveDemoHttp } from "../../demo/demo-server.ts";
import { eventually } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";

let http: ReturnType<typeof serveDemoHttp>;
let httpPort: number;

const suite = gatewaySuite({
  servers: () => {
    http = serveDemoHttp(0);
    httpPort = http.port!;
    suite.onStop(() => http.stop(true));
    return [{ name: "fast", transport: "streamable-http", url: `http://127.0.0.1:${httpPort}/mcp`, timeoutMs: 5_000 }];
  },
});

async function health(): Promise<{ status: string; error: string | null }> {
  const { rows } = await suite.pool.query<{ status: string; error: string | null }>(
    "select health_status::text as status, last_error as error from mcp_servers where id = $1",
    [suite.tenant.serverIds.fast],
  );
  return rows[0]!;
}

const echo = (client: Client, text: string) => client.callTool({ name: "fast__echo", arguments: { text } });

test("an HTTP server that dies while only fast-lane calls use it is written unhealthy, then healthy when back", async () => {
  const client = await suite.connect();
  const fastLane = suite.gateway.dataplane.fastLane!;
  const served = fastLane.served;
  // Lists take the SDK path: its shared connection holds an upstream session of its own, now idle.
  expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("fast__echo");
  expect(await echo(client, "one")).toMatchObject({ content: [{ type: "text", text: "one" }] });
  expect(fastLane.served).toBe(served + 1);
  expect((await health()).status).toBe("unknown");

  http.stop(true);
  await expect(echo(client, "two")).rejects.toThrow(/Upstream server "fast" is unavailable/);
  const down = await eventually(async () => {
    const row = await health();
    return row.status === "unhealthy" ? row : undefined;
  }, 5_000);
  expect(down.error).toContain('Upstream server "fast" is unavailable');
  expect(down.error).toMatch(/unable to connect|ECONNREFUSED|connection refused/i);

  // The restarted server does not know the channel's (nor the shared connection's) old session.
  http = serveDemoHttp(httpPort);
  expect(await echo(client, "three")).toMatchObject({ content: [{ type: "text", text: "three" }] });
  const up = await eventually(async () => {
    const row = await health();
    return row.status === "healthy" ? row : undefined;
  }, 10_000);
  expect(up.error).toBeNull();
  expect(fastLane.served).toBe(served + 3);
}, 60_000);
