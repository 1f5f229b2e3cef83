// Authentication at the MCP endpoint, against real PostgreSQL and a real gateway on a random port.
import { beforeAll, describe, expect, test } from "bun:test";
import { connectClient, demoStdioServer, eventually, INITIALIZE, postJson, type Tenant } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";

const suite = gatewaySuite({ servers: [demoStdioServer()], key: false });
const { pool } = suite;

interface RpcErrorBody {
  jsonrpc: string;
  id: unknown;
  error: { code: number; message: string };
}
const rpcBody = async (response: Response) => (await response.json()) as RpcErrorBody;
let other: Tenant;

beforeAll(async () => {
  other = await suite.createTenant([]);
});

describe("MCP endpoint authentication", () => {
  test("no key → 401 with WWW-Authenticate and a JSON-RPC error body", async () => {
    const response = await postJson(suite.endpoint, INITIALIZE);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="omnimesh"');
    const body = await rpcBody(response);
    expect(body).toEqual({
      jsonrpc: "2.0",
      id: 1,
      error: { code: -32041, message: "Missing API key: send Authorization: Bearer <key>" },
    });
  });

  test("malformed and unknown keys → 401 Invalid API key", async () => {
    for (const key of ["nonsense", "omk_00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]) {
      const response = await postJson(suite.endpoint, INITIALIZE, { authorization: `Bearer ${key}` });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="omnimesh"');
      expect((await rpcBody(response)).error.message).toBe("Invalid API key");
    }
  });

  test("right prefix, wrong secret → 401", async () => {
    const { key } = await suite.createKey();
    const forged = `${key.slice(0, -4)}${key.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    const response = await postJson(suite.endpoint, INITIALIZE, { authorization: `Bearer ${forged}` });
    expect(response.status).toBe(401);
  });

  test("a valid key of another org → 404", async () => {
    const { key } = await suite.createKey({ orgId: other.orgId });
    const response = await postJson(suite.endpoint, INITIALIZE, { authorization: `Bearer ${key}` });
    expect(response.status).toBe(404);
    expect((await rpcBody(response)).error.message).toBe(
      `Namespace "${suite.tenant.orgSlug}/${suite.tenant.namespaceSlug}" not found`,
    );
  });

  test("a key scoped to other namespaces → 404", async () => {
    const { key } = await suite.createKey({ namespaceIds: [crypto.randomUUID()] });
    const response = await postJson(suite.endpoint, INITIALIZE, { authorization: `Bearer ${key}` });
    expect(response.status).toBe(404);
  });

  test("an expired key → 401", async () => {
    const { key, id } = await suite.createKey();
    await pool.query(`update api_keys set expires_at = now() - interval '1 minute' where id = $1`, [id]);
    const response = await postJson(suite.endpoint, INITIALIZE, { authorization: `Bearer ${key}` });
    expect(response.status).toBe(401);
    expect((await rpcBody(response)).error.message).toBe("API key has expired");
  });

  test("a revoked key fails on its next request (NOTIFY drops the cached key)", async () => {
    const { key, id, prefix } = await suite.createKey();
    const client = await connectClient(suite.endpoint, key);
    const before = await client.listTools();
    expect(before.tools.map((tool) => tool.name)).toContain("demo__echo");
    expect(suite.gateway.dataplane.auth.cache.has(prefix)).toBe(true);
    await pool.query(`update api_keys set revoked_at = now() where id = $1`, [id]);
    // NOTIFY is delivered asynchronously: once it has dropped the cached key, the next request fails.
    await eventually(async () => !suite.gateway.dataplane.auth.cache.has(prefix), 2_000);
    const error = await client.listTools().then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toContain("API key has been revoked");
    await client.close();
  });

  test("an unknown session id → 404 Session not found; a session is bound to its key", async () => {
    const a = await suite.createKey();
    const b = await suite.createKey();
    const init = await postJson(suite.endpoint, INITIALIZE, { authorization: `Bearer ${a.key}` });
    expect(init.status).toBe(200);
    const sessionId = init.headers.get("mcp-session-id");
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await init.body?.cancel();
    const list = { jsonrpc: "2.0", id: 2, method: "tools/list", params: {} };
    const stolen = await postJson(suite.endpoint, list, {
      authorization: `Bearer ${b.key}`,
      "mcp-session-id": sessionId!,
    });
    expect(stolen.status).toBe(404);
    const unknown = await postJson(suite.endpoint, list, {
      authorization: `Bearer ${a.key}`,
      "mcp-session-id": "not-a-session",
    });
    expect(unknown.status).toBe(404);
    expect((await rpcBody(unknown)).error.code).toBe(-32001);
  });

  test("bad input: invalid JSON → 400 -32700, wrong content type → 415, no session → 400", async () => {
    const { key } = await suite.createKey();
    const headers = { authorization: `Bearer ${key}`, accept: "application/json, text/event-stream" };
    const invalid = await fetch(suite.endpoint, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: "{not json",
    });
    expect(invalid.status).toBe(400);
    expect((await rpcBody(invalid)).error.code).toBe(-32700);
    const text = await fetch(suite.endpoint, {
      method: "POST",
      headers: { ...headers, "content-type": "text/plain" },
      body: "hi",
    });
    expect(text.status).toBe(415);
    const noSession = await postJson(suite.endpoint, { jsonrpc: "2.0", id: 5, method: "tools/list" }, headers);
    expect(noSession.status).toBe(400);
    expect(await rpcBody(noSession)).toEqual({
      jsonrpc: "2.0",
      id: 5,
      error: {
        code: -32600,
        message:
          "Bad Request: Mcp-Session-Id header is required (send initialize first, or declare protocol version 2026-07-28)",
      },
    });
  });

  test("GET /health reports the database", async () => {
    const response = await fetch(`${suite.gateway.url}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; db: string; uptimeSeconds: number };
    expect(body.status).toBe("ok");
    expect(body.db).toBe("ok");
    expect(typeof body.uptimeSeconds).toBe("number");
  });
});
