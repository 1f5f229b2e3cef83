// Operator endpoints (admin-scoped key) against a real gateway with real SDK client sessions.
import { beforeAll, describe, expect, test } from "bun:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { connectClient, demoStdioServer, eventually, type Tenant } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { connectSseClient, connectWsClient } from "./transport-fixtures.ts";

const suite = gatewaySuite({ servers: [demoStdioServer()], key: false });
let other: Tenant;
let admin: string;

beforeAll(async () => {
  other = await suite.createTenant([demoStdioServer()]);
  admin = (await suite.createKey({ scopes: ["admin"] })).key;
});

const call = (method: string, path: string, key: string, body?: unknown) =>
  fetch(`${suite.gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** An org of its own (so counts see only this test's sessions), with a client key and an admin key. */
async function freshOrg() {
  const tenant = await suite.createTenant([demoStdioServer()]);
  return {
    tenant,
    ns: `${suite.gateway.url}/ns/${tenant.orgSlug}/${tenant.namespaceSlug}`,
    key: (await suite.createKey({ orgId: tenant.orgId })).key,
    admin: (await suite.createKey({ orgId: tenant.orgId, scopes: ["admin"] })).key,
  };
}

/** Collects the notifications a client receives. */
function inbox(client: Client): unknown[] {
  const received: unknown[] = [];
  client.fallbackNotificationHandler = async (notification) => {
    received.push(notification);
  };
  return received;
}

describe("operator endpoints", () => {
  test("status lists only the caller's org's sessions of that transport, with client info", async () => {
    const { key } = await suite.createKey();
    const foreignKey = (await suite.createKey({ orgId: other.orgId })).key;
    const sse = await connectSseClient(`${suite.ns}/sse`, key);
    const foreign = await connectSseClient(
      `${suite.gateway.url}/ns/${other.orgSlug}/${other.namespaceSlug}/sse`,
      foreignKey,
    );
    const http = await connectClient(`${suite.ns}/mcp`, key);
    const response = await call("GET", "/sse/status", admin);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { count: number; sessions: Array<Record<string, unknown>> };
    expect(body.count).toBe(1);
    expect(body.sessions[0]).toMatchObject({
      namespace: suite.tenant.namespaceSlug,
      transport: "sse",
      clientInfo: { name: "sse-test", version: "1.0.0" },
    });
    const mcp = (await (await call("GET", "/mcp/status", admin)).json()) as { sessions: Array<{ transport: string }> };
    expect(mcp.sessions.map((s) => s.transport)).toEqual(["streamable-http"]);
    expect((await call("GET", "/sse/status", key)).status).toBe(403);
    expect((await call("GET", "/sse/status", "nonsense")).status).toBe(401);
    await Promise.all([sse.close(), foreign.close(), http.close()]);
  });

  test("capabilities name the protocol versions, including the stateless revision", async () => {
    const body = (await (await call("GET", "/mcp/capabilities", admin)).json()) as {
      protocolVersions: string[];
      transports: string[];
    };
    expect(body.protocolVersions).toContain("2026-07-28");
    expect(body.protocolVersions).toContain("2024-11-05");
    expect(body.transports).toEqual(["streamable-http", "sse", "websocket", "rpc"]);
  });

  test("broadcast sends a notification to every session of the namespace on that transport", async () => {
    const { tenant, ns, key, admin } = await freshOrg();
    const sse = await connectSseClient(`${ns}/sse`, key);
    const ws = await connectWsClient(`${ns}/ws`, key);
    const [sseInbox, wsInbox] = [inbox(sse), inbox(ws)];
    const message = {
      jsonrpc: "2.0",
      method: "notifications/message",
      params: { level: "info", data: "maintenance at noon" },
    };
    const sent = await call("POST", "/sse/broadcast", admin, { namespace: tenant.namespaceSlug, message });
    expect(await sent.json()).toEqual({ transport: "sse", namespace: tenant.namespaceSlug, sent: 1 });
    const wsSent = await call("POST", "/ws/broadcast", admin, { namespace: tenant.namespaceId, message });
    expect(((await wsSent.json()) as { sent: number }).sent).toBe(1);
    await eventually(async () => sseInbox.length === 1 && wsInbox.length === 1);
    expect(sseInbox[0]).toMatchObject({ method: "notifications/message", params: { data: "maintenance at noon" } });
    const bad = await call("POST", "/ws/broadcast", admin, {
      namespace: tenant.namespaceSlug,
      message: { id: 1, method: "x" },
    });
    expect(bad.status).toBe(400);
    const otherOrg = await call("POST", "/sse/broadcast", admin, { namespace: other.namespaceSlug, message });
    expect(((await otherOrg.json()) as { sent: number }).sent).toBe(0);
    await Promise.all([sse.close(), ws.close()]);
  });

  test("ws ping counts the org's sockets; ws close ends a session and its socket", async () => {
    const { ns, key, admin } = await freshOrg();
    const ws = await connectWsClient(`${ns}/ws`, key);
    let closed = false;
    ws.onclose = () => {
      closed = true;
    };
    expect(await (await call("POST", "/ws/ping", admin)).json()).toEqual({ pinged: 1 });
    const status = (await (await call("GET", "/ws/status", admin)).json()) as { sessions: Array<{ id: string }> };
    const id = status.sessions[0]!.id;
    expect((await call("DELETE", "/ws/close", admin, { sessionId: "nope" })).status).toBe(404);
    expect(await (await call("DELETE", "/ws/close", admin, { sessionId: id })).json()).toEqual({ closed: 1 });
    await eventually(async () => closed);
    expect(suite.gateway.dataplane.sessions.get(id)).toBeUndefined();
  });
});
