import { decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { TEST_PASSWORD, uniqueId, uniqueIp } from "~/test/fixtures";
import { GET as getAudit } from "./admin/audit/route";
import { GET as getLogs } from "./admin/logs/route";
import { POST as createKey, GET as listKeys } from "./auth/api-keys/route";
import { GET as jwks } from "./auth/jwks/route";
import { POST as login } from "./auth/login/route";
import { POST as logout } from "./auth/logout/route";
import { POST as refresh } from "./auth/refresh/route";
import { POST as signup } from "./auth/signup/route";
import { DELETE as deleteServer } from "./gateway/servers/[id]/route";
import { POST as createServer, GET as listServers } from "./gateway/servers/route";
import { POST as createNamespace, GET as listNamespaces } from "./namespaces/route";

const BASE = "http://localhost:3000";
const noContext = undefined as never;

function request(path: string, init: { method?: string; body?: unknown; token?: string; ip?: string } = {}): Request {
  const headers = new Headers({ "content-type": "application/json", "x-forwarded-for": init.ip ?? uniqueIp() });
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  return new Request(`${BASE}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

async function body<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

interface TTokens {
  accessToken: string;
  refreshToken: string;
  tokenType: string;
  expiresIn: number;
}

/** Signs up through REST and logs in; returns the token pair and the org. */
async function signupAndLogin(): Promise<{ tokens: TTokens; email: string; org: { id: string; slug: string } }> {
  const email = `${uniqueId("rest")}@example.test`;
  const created = await signup(
    request("/api/v1/auth/signup", { body: { name: "Rest User", email, password: TEST_PASSWORD } }),
    noContext,
  );
  expect(created.status).toBe(201);
  const { org } = await body<{ org: { id: string; slug: string } }>(created);
  const loggedIn = await login(request("/api/v1/auth/login", { body: { email, password: TEST_PASSWORD } }), noContext);
  expect(loggedIn.status).toBe(200);
  return { tokens: await body<TTokens>(loggedIn), email, org };
}

describe("REST API", () => {
  it("signs up, logs in, and creates and lists a namespace with the access JWT", async () => {
    const { tokens, org } = await signupAndLogin();
    expect(tokens.tokenType).toBe("Bearer");
    expect(tokens.expiresIn).toBe(900);
    expect(decodeJwt(tokens.accessToken)).toMatchObject({ org: org.id, role: "owner", aud: "omnimesh" });

    const created = await createNamespace(
      request("/api/v1/namespaces", { token: tokens.accessToken, body: { name: "Automation" } }),
      noContext,
    );
    expect(created.status).toBe(201);
    expect(await body(created)).toMatchObject({
      name: "Automation",
      slug: "automation",
      endpointUrl: `http://localhost:4000/ns/${org.slug}/automation/mcp`,
    });
    const listed = await body<{ items: { slug: string }[] }>(
      await listNamespaces(request("/api/v1/namespaces", { token: tokens.accessToken }), noContext),
    );
    expect(listed.items.map((ns) => ns.slug)).toEqual(["automation"]);
  });

  it("publishes the signing key in the JWKS under the token's kid", async () => {
    const { tokens } = await signupAndLogin();
    const { kid, alg } = decodeProtectedHeader(tokens.accessToken);
    expect(alg).toBe("ES256");
    const keys = await body<{ keys: { kid: string; kty: string; d?: string }[] }>(
      await jwks(request("/.well-known/jwks.json"), noContext),
    );
    const key = keys.keys.find((k) => k.kid === kid);
    expect(key).toMatchObject({ kty: "EC", crv: "P-256" });
    expect(key?.d).toBeUndefined();
  });

  it("answers 400 naming the field on bad input, and 409 on a duplicate email", async () => {
    const bad = await signup(
      request("/api/v1/auth/signup", { body: { name: "", email: "nope", password: "short" } }),
      noContext,
    );
    expect(bad.status).toBe(400);
    const error = await body<{ error: { code: string; message: string; fields: Record<string, string> } }>(bad);
    expect(error.error.code).toBe("VALIDATION_ERROR");
    expect(Object.keys(error.error.fields).sort()).toEqual(["email", "name", "password"]);
    expect(error.error.message).toBe("Invalid input: name, email, password");

    const { tokens, email } = await signupAndLogin();
    const duplicate = await signup(
      request("/api/v1/auth/signup", { body: { name: "Again", email, password: TEST_PASSWORD } }),
      noContext,
    );
    expect(duplicate.status).toBe(409);
    expect((await body<{ error: { code: string } }>(duplicate)).error.code).toBe("CONFLICT");

    const badServer = await createServer(
      request("/api/v1/gateway/servers", {
        token: tokens.accessToken,
        body: { namespace: "missing", transport: "stdio" },
      }),
      noContext,
    );
    expect(badServer.status).toBe(404);

    const malformed = await createNamespace(
      new Request(`${BASE}/api/v1/namespaces`, {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.accessToken}` },
        body: "{not json",
      }),
      noContext,
    );
    expect(malformed.status).toBe(400);
    expect((await body<{ error: { code: string } }>(malformed)).error.code).toBe("VALIDATION_ERROR");
  });

  it("answers 401 without or with a bad token, and refuses tokens in the query string", async () => {
    const none = await listNamespaces(request("/api/v1/namespaces"), noContext);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect(await body(none)).toEqual({ error: { code: "UNAUTHORIZED", message: "Missing or invalid bearer token" } });
    expect(
      (await listNamespaces(request("/api/v1/namespaces", { token: "garbage.jwt.value" }), noContext)).status,
    ).toBe(401);
    expect(
      (await listNamespaces(request("/api/v1/namespaces", { token: `omk_00000000_${"a".repeat(43)}` }), noContext))
        .status,
    ).toBe(401);

    const { tokens } = await signupAndLogin();
    const inQuery = await listNamespaces(request(`/api/v1/namespaces?access_token=${tokens.accessToken}`), noContext);
    expect(inQuery.status).toBe(400);
    expect((await body<{ error: { code: string } }>(inQuery)).error.code).toBe("TOKEN_IN_QUERY");

    const wrongPassword = await login(
      request("/api/v1/auth/login", { body: { email: "x@example.test", password: "nope" } }),
      noContext,
    );
    expect(wrongPassword.status).toBe(401);
    expect((await body<{ error: { code: string } }>(wrongPassword)).error.code).toBe("INVALID_CREDENTIALS");
  });

  it("rotates refresh tokens; reusing a rotated one revokes the whole family", async () => {
    const { tokens } = await signupAndLogin();
    const first = await refresh(
      request("/api/v1/auth/refresh", { body: { refreshToken: tokens.refreshToken } }),
      noContext,
    );
    expect(first.status).toBe(200);
    const rotated = await body<TTokens>(first);
    expect(rotated.refreshToken).not.toBe(tokens.refreshToken);

    const reuse = await refresh(
      request("/api/v1/auth/refresh", { body: { refreshToken: tokens.refreshToken } }),
      noContext,
    );
    expect(reuse.status).toBe(401);
    expect((await body<{ error: { code: string } }>(reuse)).error.code).toBe("TOKEN_REUSED");

    // The legitimate successor is revoked too: the family is gone.
    const successor = await refresh(
      request("/api/v1/auth/refresh", { body: { refreshToken: rotated.refreshToken } }),
      noContext,
    );
    expect(successor.status).toBe(401);
  });

  it("logout revokes the refresh token", async () => {
    const { tokens } = await signupAndLogin();
    const out = await logout(
      request("/api/v1/auth/logout", { body: { refreshToken: tokens.refreshToken } }),
      noContext,
    );
    expect(out.status).toBe(200);
    const after = await refresh(
      request("/api/v1/auth/refresh", { body: { refreshToken: tokens.refreshToken } }),
      noContext,
    );
    expect(after.status).toBe(401);
  });

  it("creates an admin API key that works as a bearer token; an mcp-only key gets 403", async () => {
    const { tokens, org } = await signupAndLogin();
    const adminKey = await createKey(
      request("/api/v1/auth/api-keys", { token: tokens.accessToken, body: { name: "automation", scopes: ["admin"] } }),
      noContext,
    );
    expect(adminKey.status).toBe(201);
    const { secret, apiKey } = await body<{ secret: string; apiKey: { prefix: string } }>(adminKey);
    expect(secret.startsWith(apiKey.prefix)).toBe(true);

    const ns = await createNamespace(
      request("/api/v1/namespaces", { token: secret, body: { name: "Via key" } }),
      noContext,
    );
    expect(ns.status).toBe(201);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { orgId: org.id, action: "namespace.create" },
      select: { actorApiKeyId: true },
    });
    expect(audit.actorApiKeyId).not.toBeNull();

    const mcpKey = await body<{ secret: string }>(
      await createKey(
        request("/api/v1/auth/api-keys", { token: tokens.accessToken, body: { name: "mcp" } }),
        noContext,
      ),
    );
    const forbidden = await listKeys(request("/api/v1/auth/api-keys", { token: mcpKey.secret }), noContext);
    expect(forbidden.status).toBe(403);
  });

  it("registers, lists and deletes servers; another org's server is 404", async () => {
    const a = await signupAndLogin();
    const b = await signupAndLogin();
    await createNamespace(
      request("/api/v1/namespaces", { token: a.tokens.accessToken, body: { name: "Gw", slug: "gw" } }),
      noContext,
    );

    const noCommand = await createServer(
      request("/api/v1/gateway/servers", {
        token: a.tokens.accessToken,
        body: { namespace: "gw", name: "x", transport: "stdio" },
      }),
      noContext,
    );
    expect(noCommand.status).toBe(400);
    expect((await body<{ error: { fields: Record<string, string> } }>(noCommand)).error.fields).toHaveProperty(
      "command",
    );

    const created = await createServer(
      request("/api/v1/gateway/servers", {
        token: a.tokens.accessToken,
        body: {
          namespace: "gw",
          name: "echo",
          transport: "stdio",
          command: "node",
          args: ["echo.js"],
          env: { SECRET: "s3cr3t" },
        },
      }),
      noContext,
    );
    expect(created.status).toBe(201);
    const server = await body<{ id: string; envNames: string[] }>(created);
    expect(server.envNames).toEqual(["SECRET"]);
    expect(JSON.stringify(server)).not.toContain("s3cr3t");

    const listed = await body<{ items: { id: string }[] }>(
      await listServers(request("/api/v1/gateway/servers?namespace=gw", { token: a.tokens.accessToken }), noContext),
    );
    expect(listed.items.map((s) => s.id)).toEqual([server.id]);

    const params = { params: Promise.resolve({ id: server.id }) };
    const foreign = await deleteServer(
      request(`/api/v1/gateway/servers/${server.id}`, { method: "DELETE", token: b.tokens.accessToken }),
      params,
    );
    expect(foreign.status).toBe(404);
    expect(await body(foreign)).toEqual({ error: { code: "NOT_FOUND", message: "Server not found" } });
    const foreignList = await listServers(
      request("/api/v1/gateway/servers?namespace=gw", { token: b.tokens.accessToken }),
      noContext,
    );
    expect(foreignList.status).toBe(404);

    const deleted = await deleteServer(
      request(`/api/v1/gateway/servers/${server.id}`, { method: "DELETE", token: a.tokens.accessToken }),
      params,
    );
    expect(deleted.status).toBe(200);
    expect(await body(deleted)).toEqual({ id: server.id, deleted: true });
  });

  it("lists request logs for the caller's org only, with 400 on a bad filter", async () => {
    const a = await signupAndLogin();
    const b = await signupAndLogin();
    await db.requestLog.create({
      data: { orgId: a.org.id, transport: "streamable-http", method: "tools/list", status: "ok", latencyMs: 1.5 },
    });
    const mine = await body<{ items: { method: string; id: string }[]; nextCursor: string | null }>(
      await getLogs(request("/api/v1/admin/logs?limit=10", { token: a.tokens.accessToken }), noContext),
    );
    expect(mine.items.map((item) => item.method)).toEqual(["tools/list"]);
    expect(typeof mine.items[0]?.id).toBe("string");
    expect(mine.nextCursor).toBeNull();
    const theirs = await body<{ items: unknown[] }>(
      await getLogs(request("/api/v1/admin/logs", { token: b.tokens.accessToken }), noContext),
    );
    expect(theirs.items).toEqual([]);
    const bad = await getLogs(request("/api/v1/admin/logs?status=bogus", { token: a.tokens.accessToken }), noContext);
    expect(bad.status).toBe(400);
    expect((await body<{ error: { fields: Record<string, string> } }>(bad)).error.fields).toHaveProperty("status");
  });

  it("lists the audit trail for an admin JWT or admin API key, 400 naming a bad filter, 403 for a viewer", async () => {
    const a = await signupAndLogin();
    const b = await signupAndLogin();
    await createNamespace(
      request("/api/v1/namespaces", { token: a.tokens.accessToken, body: { name: "Audited" } }),
      noContext,
    );

    const viaJwt = await getAudit(
      request("/api/v1/admin/audit?action=namespace.&limit=10", { token: a.tokens.accessToken }),
      noContext,
    );
    expect(viaJwt.status).toBe(200);
    const page = await body<{ items: { action: string; actorEmail: string; createdAt: string }[]; nextCursor: null }>(
      viaJwt,
    );
    expect(page.items.map((item) => item.action)).toEqual(["namespace.create"]);
    expect(page.items[0]?.actorEmail).toBe(a.email);
    expect(page.nextCursor).toBeNull();

    const { secret } = await body<{ secret: string }>(
      await createKey(
        request("/api/v1/auth/api-keys", { token: a.tokens.accessToken, body: { name: "auditor", scopes: ["admin"] } }),
        noContext,
      ),
    );
    const from = encodeURIComponent(new Date(Date.now() - 60_000).toISOString());
    const viaKey = await getAudit(
      request(`/api/v1/admin/audit?from=${from}&actor=${a.email}`, { token: secret }),
      noContext,
    );
    expect(viaKey.status).toBe(200);
    expect((await body<{ items: { action: string }[] }>(viaKey)).items.map((item) => item.action)).toEqual([
      "api_key.create",
      "namespace.create",
      "org.create",
    ]);

    const theirs = await body<{ items: { action: string }[] }>(
      await getAudit(request("/api/v1/admin/audit", { token: b.tokens.accessToken }), noContext),
    );
    expect(theirs.items.map((item) => item.action)).toEqual(["org.create"]);

    const bad = await getAudit(
      request("/api/v1/admin/audit?from=yesterday-ish", { token: a.tokens.accessToken }),
      noContext,
    );
    expect(bad.status).toBe(400);
    const error = (await body<{ error: { code: string; message: string; fields: Record<string, string> } }>(bad)).error;
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.message).toBe("Invalid input: from");
    expect(Object.keys(error.fields)).toEqual(["from"]);

    await db.membership.updateMany({ where: { orgId: a.org.id }, data: { role: "viewer" } });
    const forbidden = await getAudit(request("/api/v1/admin/audit", { token: a.tokens.accessToken }), noContext);
    expect(forbidden.status).toBe(403);
    expect((await body<{ error: { code: string } }>(forbidden)).error.code).toBe("FORBIDDEN");
  });
});
