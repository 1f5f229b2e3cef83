// mcp_sessions rows: written when a session opens (protocol version, client info, transport, key,
// namespace, client IP), last_seen_at and closed_at updated — all buffered, written on flush.
import { describe, expect, test } from "bun:test";
import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { connectClient, demoStdioServer } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";

const suite = gatewaySuite({
  servers: [demoStdioServer("local")],
  // A long interval: the test decides when rows are written, proving nothing is written per call.
  dataplane: { sessionRows: { flushIntervalMs: 60_000 } },
});

async function row(id: string) {
  const result = await suite.pool.query(
    `select org_id, namespace_id, server_id, api_key_id, transport, protocol_version, client_info, client_ip,
       last_seen_at, closed_at from mcp_sessions where id = $1`,
    [id],
  );
  return result.rows[0];
}

describe("mcp_sessions rows", () => {
  test("a session's row is inserted, touched and closed in batches, never on the request path", async () => {
    const client = await connectClient(suite.endpoint, suite.key.key);
    const transport = client.transport as StreamableHTTPClientTransport;
    const sessionId = transport.sessionId!;
    await client.listTools();
    expect(await row(sessionId)).toBeUndefined();

    await suite.gateway.dataplane.sessionRows.flush();
    const opened = await row(sessionId);
    expect(opened).toMatchObject({
      org_id: suite.tenant.orgId,
      namespace_id: suite.tenant.namespaceId,
      server_id: null,
      api_key_id: suite.key.id,
      transport: "streamable-http",
      protocol_version: "2025-11-25",
      client_info: { name: "dataplane-test", version: "1.0.0" },
      client_ip: "127.0.0.1",
      closed_at: null,
    });

    await new Promise((resolve) => setTimeout(resolve, 20));
    await client.callTool({ name: "local__echo", arguments: { text: "x" } });
    expect((await row(sessionId)).last_seen_at).toEqual(opened.last_seen_at);
    await suite.gateway.dataplane.sessionRows.flush();
    const touched = await row(sessionId);
    expect(touched.last_seen_at.getTime()).toBeGreaterThan(opened.last_seen_at.getTime());

    await transport.terminateSession();
    await client.close();
    await suite.gateway.dataplane.sessionRows.flush();
    const closed = await row(sessionId);
    expect(closed.closed_at).toBeInstanceOf(Date);
  }, 30_000);
});
