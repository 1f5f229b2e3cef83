// The REST auth flow end to end: sign-up, log-in, access JWTs and their JWKS, refresh-token rotation and
// reuse detection, log-out, admin API keys as bearer tokens, and the error answers of each.
import { decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { TEST_PASSWORD } from "~/test/fixtures";
import { noRouteContext, REST_BASE, readBody, restRequest, signupAndLogin, type TTokens } from "~/test/rest";
import { POST as createServer } from "../gateway/servers/route";
import { POST as createNamespace, GET as listNamespaces } from "../namespaces/route";
import { POST as createKey, GET as listKeys } from "./api-keys/route";
import { GET as jwks } from "./jwks/route";
import { POST as login } from "./login/route";
import { POST as logout } from "./logout/route";
import { POST as refresh } from "./refresh/route";
import { POST as signup } from "./signup/route";

describe("REST auth", () => {
  it("signs up, logs in, and creates and lists a namespace with the access JWT", async () => {
    const { tokens, org } = await signupAndLogin();
    expect(tokens.tokenType).toBe("Bearer");
    expect(tokens.expiresIn).toBe(900);
    expect(decodeJwt(tokens.accessToken)).toMatchObject({ org: org.id, role: "owner", aud: "omnimesh" });

    const created = await createNamespace(
      restRequest("/api/v1/namespaces", { token: tokens.accessToken, body: { name: "Automation" } }),
      noRouteContext,
    );
    expect(created.status).toBe(201);
    expect(await readBody(created)).toMatchObject({
      name: "Automation",
      slug: "automation",
      endpointUrl: `http://localhost:4000/ns/${org.slug}/automation/mcp`,
    });
    const listed = await readBody<{ items: { slug: string }[] }>(
      await listNamespaces(restRequest("/api/v1/namespaces", { token: tokens.accessToken }), noRouteContext),
    );
    expect(listed.items.map((ns) => ns.slug)).toEqual(["automation"]);
  });

  it("publishes the signing key in the JWKS under the token's kid", async () => {
    const { tokens } = await signupAndLogin();
    const { kid, alg } = decodeProtectedHeader(tokens.accessToken);
    expect(alg).toBe("ES256");
    const keys = await readBody<{ keys: { kid: string; kty: string; d?: string }[] }>(
      await jwks(restRequest("/.well-known/jwks.json"), noRouteContext),
    );
    const key = keys.keys.find((k) => k.kid === kid);
    expect(key).toMatchObject({ kty: "EC", crv: "P-256" });
    expect(key?.d).toBeUndefined();
  });

  it("answers 400 naming the field on bad input, and 409 on a duplicate email", async () => {
    const bad = await signup(
      restRequest("/api/v1/auth/signup", { body: { name: "", email: "nope", password: "short" } }),
      noRouteContext,
    );
    expect(bad.status).toBe(400);
    const error = await readBody<{ error: { code: string; message: string; fields: Record<string, string> } }>(bad);
    expect(error.error.code).toBe("VALIDATION_ERROR");
    expect(Object.keys(error.error.fields).sort()).toEqual(["email", "name", "password"]);
    expect(error.error.message).toBe("Invalid input: name, email, password");

    const { tokens, email } = await signupAndLogin();
    const duplicate = await signup(
      restRequest("/api/v1/auth/signup", { body: { name: "Again", email, password: TEST_PASSWORD } }),
      noRouteContext,
    );
    expect(duplicate.status).toBe(409);
    expect((await readBody<{ error: { code: string } }>(duplicate)).error.code).toBe("CONFLICT");

    const badServer = await createServer(
      restRequest("/api/v1/gateway/servers", {
        token: tokens.accessToken,
        body: { namespace: "missing", transport: "stdio" },
      }),
      noRouteContext,
    );
    expect(badServer.status).toBe(404);

    const malformed = await createNamespace(
      new Request(`${REST_BASE}/api/v1/namespaces`, {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.accessToken}` },
        body: "{not json",
      }),
      noRouteContext,
    );
    expect(malformed.status).toBe(400);
    expect((await readBody<{ error: { code: string } }>(malformed)).error.code).toBe("VALIDATION_ERROR");
  });

  it("answers 401 without or with a bad token, and refuses tokens in the query string", async () => {
    const none = await listNamespaces(restRequest("/api/v1/namespaces"), noRouteContext);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect(await readBody(none)).toEqual({
      error: { code: "UNAUTHORIZED", message: "Missing or invalid bearer token" },
    });
    expect(
      (await listNamespaces(restRequest("/api/v1/namespaces", { token: "garbage.jwt.value" }), noRouteContext)).status,
    ).toBe(401);
    expect(
      (
        await listNamespaces(
          restRequest("/api/v1/namespaces", { token: `omk_00000000_${"a".repeat(43)}` }),
          noRouteContext,
        )
      ).status,
    ).toBe(401);

    const { tokens } = await signupAndLogin();
    const inQuery = await listNamespaces(
      restRequest(`/api/v1/namespaces?access_token=${tokens.accessToken}`),
      noRouteContext,
    );
    expect(inQuery.status).toBe(400);
    expect((await readBody<{ error: { code: string } }>(inQuery)).error.code).toBe("TOKEN_IN_QUERY");

    const wrongPassword = await login(
      restRequest("/api/v1/auth/login", { body: { email: "x@example.test", password: "nope" } }),
      noRouteContext,
    );
    expect(wrongPassword.status).toBe(401);
    expect((await readBody<{ error: { code: string } }>(wrongPassword)).error.code).toBe("INVALID_CREDENTIALS");
  });

  it("rotates refresh tokens; reusing a rotated one revokes the whole family", async () => {
    const { tokens } = await signupAndLogin();
    const first = await refresh(
      restRequest("/api/v1/auth/refresh", { body: { refreshToken: tokens.refreshToken } }),
      noRouteContext,
    );
    expect(first.status).toBe(200);
    const rotated = await readBody<TTokens>(first);
    expect(rotated.refreshToken).not.toBe(tokens.refreshToken);

    const reuse = await refresh(
      restRequest("/api/v1/auth/refresh", { body: { refreshToken: tokens.refreshToken } }),
      noRouteContext,
    );
    expect(reuse.status).toBe(401);
    expect((await readBody<{ error: { code: string } }>(reuse)).error.code).toBe("TOKEN_REUSED");

    // The legitimate successor is revoked too: the family is gone.
    const successor = await refresh(
      restRequest("/api/v1/auth/refresh", { body: { refreshToken: rotated.refreshToken } }),
      noRouteContext,
    );
    expect(successor.status).toBe(401);
  });

  it("logout revokes the refresh token", async () => {
    const { tokens } = await signupAndLogin();
    const out = await logout(
      restRequest("/api/v1/auth/logout", { body: { refreshToken: tokens.refreshToken } }),
      noRouteContext,
    );
    expect(out.status).toBe(200);
    const after = await refresh(
      restRequest("/api/v1/auth/refresh", { body: { refreshToken: tokens.refreshToken } }),
      noRouteContext,
    );
    expect(after.status).toBe(401);
  });

  it("creates an admin API key that works as a bearer token; an mcp-only key gets 403", async () => {
    const { tokens, org } = await signupAndLogin();
    const adminKey = await createKey(
      restRequest("/api/v1/auth/api-keys", {
        token: tokens.accessToken,
        body: { name: "automation", scopes: ["admin"] },
      }),
      noRouteContext,
    );
    expect(adminKey.status).toBe(201);
    const { secret, apiKey } = await readBody<{ secret: string; apiKey: { prefix: string } }>(adminKey);
    expect(secret.startsWith(apiKey.prefix)).toBe(true);

    const ns = await createNamespace(
      restRequest("/api/v1/namespaces", { token: secret, body: { name: "Via key" } }),
      noRouteContext,
    );
    expect(ns.status).toBe(201);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { orgId: org.id, action: "namespace.create" },
      select: { actorApiKeyId: true },
    });
    expect(audit.actorApiKeyId).not.toBeNull();

    const mcpKey = await readBody<{ secret: string }>(
      await createKey(
        restRequest("/api/v1/auth/api-keys", { token: tokens.accessToken, body: { name: "mcp" } }),
        noRouteContext,
      ),
    );
    const forbidden = await listKeys(restRequest("/api/v1/auth/api-keys", { token: mcpKey.secret }), noRouteContext);
    expect(forbidden.status).toBe(403);
  });
});
