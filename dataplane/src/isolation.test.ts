// Tenant isolation at the data plane: a valid key of org A can neither reach, list nor use anything of
// org B — its namespace endpoint, its servers' per-server endpoints, or its MCP sessions. Every attempt
// answers exactly as if the object did not exist (404), and no error body names anything of org B.
// Real PostgreSQL, a real gateway on a random port, real demo MCP servers and real SDK clients.
import { beforeAll, describe, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { connectClient, demoStdioServer, INITIALIZE, postJson, type Tenant } from "./test/fixtures.ts";
import { gatewaySuite } from "./test/gateway-suite.ts";

const suite = gatewaySuite();
const { pool } = suite;
const LIST = { jsonrpc: "2.0", id: 2, method: "tools/list", params: {} };
const CALL = { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "echo", arguments: { text: "x" } } };
const B_ORG_NAME = `Org B Confidential ${randomUUID().slice(0, 6)}`;
const B_SERVER = `bsecret${randomUUID().slice(0, 6)}`;

let a: Tenant;
let b: Tenant;
let keyA: string;
let keyB: string;
let clientB: Client;
let sessionB: string;
let virtualB: string;

/** Everything of org B that must never show up in an answer to org A. */
function secretsOfB(): string[] {
  return [B_ORG_NAME, B_SERVER, b.orgId, b.namespaceId, virtualB, ...Object.values(b.serverIds)];
}

/** 404, naming nothing of org B except what the caller itself sent (`echoed`, e.g. the id in the URL). */
async function expectHidden(response: Response, echoed: string[] = []): Promise<{ code: number; message: string }> {
  const text = await response.text();
  expect(response.status).toBe(404);
  for (const secret of secretsOfB()) if (!echoed.includes(secret)) expect(text).not.toContain(secret);
  return (JSON.parse(text) as { error: { code: number; message: string } }).error;
}

const auth = (key: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${key}`, ...extra });

beforeAll(async () => {
  a = await suite.createTenant([demoStdioServer("alpha")]);
  b = await suite.createTenant([demoStdioServer(B_SERVER)]);
  await pool.query(`update organizations set name = $2 where id = $1`, [b.orgId, B_ORG_NAME]);
  virtualB = randomUUID();
  await pool.query(
    `insert into virtual_servers (id, org_id, namespace_id, name, enabled, updated_at)
     values ($1, $2, $3, $4, true, now())`,
    [virtualB, b.orgId, b.namespaceId, `${B_SERVER}-virtual`],
  );
  await pool.query(
    `insert into virtual_server_entries (id, virtual_server_id, server_id, kind, source_name)
     values ($1, $2, $3, 'tool'::"VirtualEntryKind", 'echo')`,
    [randomUUID(), virtualB, b.serverIds[B_SERVER]],
  );
  keyA = (await suite.createKey({ orgId: a.orgId, scopes: ["admin"] })).key;
  keyB = (await suite.createKey({ orgId: b.orgId })).key;
  clientB = await suite.connect({ endpoint: suite.gateway.endpoint(b), key: keyB });
  expect((await clientB.listTools()).tools.map((tool) => tool.name)).toContain(`${B_SERVER}__echo`);
  const init = await postJson(suite.gateway.endpoint(b), INITIALIZE, auth(keyB));
  sessionB = init.headers.get("mcp-session-id")!;
  await init.body?.cancel();
  expect(sessionB).toBeTruthy();
});

describe("data-plane isolation between orgs", () => {
  test("org A's key on org B's namespace endpoint: 404, the same answer as a namespace that does not exist", async () => {
    const missing = { orgSlug: `nope-${randomUUID().slice(0, 8)}`, namespaceSlug: "nope" };
    for (const body of [INITIALIZE, LIST, CALL]) {
      const real = await expectHidden(await postJson(suite.gateway.endpoint(b), body, auth(keyA)));
      const none = await expectHidden(await postJson(suite.gateway.endpoint(missing), body, auth(keyA)));
      expect(real.code).toBe(none.code);
      expect(real.message).toBe(`Namespace "${b.orgSlug}/${b.namespaceSlug}" not found`);
      expect(none.message).toBe(`Namespace "${missing.orgSlug}/${missing.namespaceSlug}" not found`);
    }
    for (const method of ["GET", "DELETE"]) {
      const response = await fetch(suite.gateway.endpoint(b), {
        method,
        headers: auth(keyA, { "mcp-session-id": sessionB, accept: "text/event-stream" }),
      });
      await expectHidden(response);
    }
  });

  test("org A's key on org B's namespace over the plain JSON-RPC and SSE families: 404 too", async () => {
    const base = suite.gateway.endpoint(b).replace(/\/mcp$/, "");
    await expectHidden(await postJson(`${base}/rpc`, LIST, auth(keyA)));
    await expectHidden(await fetch(`${base}/sse`, { headers: auth(keyA, { accept: "text/event-stream" }) }));
    const own = await postJson(`${base}/rpc`, LIST, auth(keyB));
    expect(own.status).toBe(200);
    expect(JSON.stringify(await own.json())).toContain(`${B_SERVER}__echo`);
  });

  test("org A's key on org B's per-server endpoint: 404, the same answer as an unknown server id", async () => {
    const serverId = b.serverIds[B_SERVER]!;
    const real = await expectHidden(await postJson(suite.gateway.serverEndpoint(serverId), INITIALIZE, auth(keyA)), [
      serverId,
    ]);
    const unknownId = randomUUID();
    const none = await expectHidden(await postJson(suite.gateway.serverEndpoint(unknownId), INITIALIZE, auth(keyA)));
    expect(real.code).toBe(none.code);
    expect(real.message).toBe(none.message.replace(unknownId, serverId));
    const call = await postJson(
      suite.gateway.serverEndpoint(serverId),
      CALL,
      auth(keyA, { "mcp-session-id": sessionB }),
    );
    await expectHidden(call, [serverId]);
  });

  test("org A's key on org B's virtual server endpoint: 404, the same answer as an unknown id", async () => {
    const endpoint = (id: string) => `${suite.gateway.url}/virtual/${id}/mcp`;
    const real = await expectHidden(await postJson(endpoint(virtualB), INITIALIZE, auth(keyA)), [virtualB]);
    const unknownId = randomUUID();
    const none = await expectHidden(await postJson(endpoint(unknownId), INITIALIZE, auth(keyA)), []);
    expect(real.code).toBe(none.code);
    expect(real.message).toBe(none.message.replace(unknownId, virtualB));
    // Org B's own key does reach it, so the 404 above is the org boundary, not a broken fixture.
    const own = await postJson(endpoint(virtualB), INITIALIZE, auth(keyB));
    expect(own.status).toBe(200);
    await own.body?.cancel();
  });

  test("org B's session id is unknown to org A's key on every endpoint, and survives the attempts", async () => {
    const headers = auth(keyA, { "mcp-session-id": sessionB });
    const viaOwnNamespace = await expectHidden(await postJson(suite.gateway.endpoint(a), LIST, headers));
    expect(viaOwnNamespace.message).toBe("Session not found: it expired, was closed, or belongs to another key");
    await expectHidden(await postJson(suite.gateway.endpoint(a), CALL, headers));
    await expectHidden(await postJson(suite.gateway.serverEndpoint(a.serverIds.alpha!), LIST, headers));
    await expectHidden(
      await fetch(suite.gateway.endpoint(a), { method: "DELETE", headers: { ...headers, accept: "application/json" } }),
    );
    // Still org B's: its own key keeps using it.
    const stillThere = await postJson(suite.gateway.endpoint(b), LIST, auth(keyB, { "mcp-session-id": sessionB }));
    expect(stillThere.status).toBe(200);
    await stillThere.body?.cancel();
  });

  test("org A's own namespace lists only org A's tools, and cannot call org B's by name", async () => {
    const clientA = await connectClient(suite.gateway.endpoint(a), keyA);
    const names = (await clientA.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain("alpha__echo");
    expect(names.some((name) => name.startsWith(B_SERVER))).toBe(false);
    const result = await clientA.callTool({ name: `${B_SERVER}__echo`, arguments: { text: "leak?" } }).then(
      (value) => ({ isError: value.isError === true, text: JSON.stringify(value) }),
      (error: Error) => ({ isError: true, text: error.message }),
    );
    expect(result.isError).toBe(true);
    expect(result.text).not.toContain("leak?");
    for (const secret of [B_ORG_NAME, b.orgId, b.namespaceId, ...Object.values(b.serverIds)]) {
      expect(result.text).not.toContain(secret);
    }
    await clientA.close();
  });
});
