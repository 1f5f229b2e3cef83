// Access JWTs of the control plane on the MCP endpoint: signed with keys made like the web app makes
// them, stored in signing_keys of the test database, verified by a real gateway.
import { beforeAll, describe, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { connectClient, demoStdioServer, eventually, INITIALIZE, postJson, type Tenant } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { JwtRejected, JwtVerifier } from "./jwt.ts";
import {
  removeSigningKeys,
  signTestToken,
  suiteSigningKey,
  type TestSigningKey,
  type TokenSpec,
} from "./test-signing-keys.ts";

const suite = gatewaySuite({ servers: [demoStdioServer("demo")], key: false });
const { pool } = suite;
let other: Tenant;
let key: TestSigningKey;
const userId = randomUUID();

beforeAll(async () => {
  other = await suite.createTenant([]);
  key = await suiteSigningKey(suite);
});

const spec = (overrides: Partial<TokenSpec> = {}): TokenSpec => ({
  userId,
  orgId: suite.tenant.orgId,
  role: "member",
  ...overrides,
});

async function initializeWith(token: string, target = suite.tenant) {
  const response = await postJson(suite.gateway.endpoint(target), INITIALIZE, { authorization: `Bearer ${token}` });
  const body = (await response.json().catch(() => null)) as { error?: { message: string } } | null;
  return {
    status: response.status,
    message: body?.error?.message,
    challenge: response.headers.get("www-authenticate"),
  };
}

describe("access JWTs on the MCP endpoint", () => {
  test("a member's token lists and calls tools; request_logs records the user, not a key", async () => {
    const client = await connectClient(suite.endpoint, await signTestToken(key, spec()));
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("demo__echo");
    const result = await client.callTool({ name: "demo__echo", arguments: { text: "as a user" } });
    expect(result.content).toEqual([{ type: "text", text: "as a user" }]);
    await client.close();
    const row = await eventually(async () => {
      const { rows } = await pool.query(
        `select user_id, api_key_id, status from request_logs where org_id = $1 and method = 'tools/call'`,
        [suite.tenant.orgId],
      );
      return rows[0];
    });
    expect(row).toEqual({ user_id: userId, api_key_id: null, status: "ok" });
  }, 30_000);

  test("a viewer's token may list but not call tools", async () => {
    const client = await connectClient(suite.endpoint, await signTestToken(key, spec({ role: "viewer" })));
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    const error = await client.callTool({ name: "demo__echo", arguments: { text: "x" } }).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error.message)).toContain('Role "viewer" may list and read but not use tools/call');
    await client.close();
  }, 30_000);

  test("a valid token of another org gets 404, as if the namespace did not exist", async () => {
    const token = await signTestToken(key, spec({ orgId: other.orgId, role: "owner" }));
    const { status, message } = await initializeWith(token);
    expect(status).toBe(404);
    expect(message).toBe(`Namespace "${suite.tenant.orgSlug}/${suite.tenant.namespaceSlug}" not found`);
  });

  test("expired, wrong audience, wrong issuer, not yet valid → 401 saying why", async () => {
    const cases: [Partial<TokenSpec>, string][] = [
      [{ expiresIn: -60 }, "Access token has expired"],
      [{ audience: "someone-else" }, "Access token is not meant for this service (aud)"],
      [{ issuer: "evil" }, "Access token was issued by an unknown issuer (iss)"],
      [{ notBefore: 3_600 }, "Access token is not valid yet (nbf)"],
    ];
    for (const [overrides, expected] of cases) {
      const { status, message, challenge } = await initializeWith(await signTestToken(key, spec(overrides)));
      expect({ status, message, challenge }).toEqual({
        status: 401,
        message: expected,
        challenge: 'Bearer realm="omnimesh"',
      });
    }
  });

  test("unknown kid and tampered tokens → 401", async () => {
    const unknown = await initializeWith(await signTestToken(key, spec({ kid: "no-such-kid" })));
    expect(unknown).toMatchObject({ status: 401, message: "Access token was signed by an unknown key" });

    const token = await signTestToken(key, spec({ role: "viewer" }));
    const [header, , signature] = token.split(".");
    const payload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()), role: "owner" }),
    ).toString("base64url");
    const tampered = await initializeWith(`${header}.${payload}.${signature}`);
    expect(tampered).toMatchObject({ status: 401, message: "Access token signature is invalid" });

    // Signed by a key that is not in signing_keys, under a kid that is.
    const stranger = await suiteSigningKey(suite);
    await removeSigningKeys(pool, [stranger.kid]);
    const forged = await initializeWith(await signTestToken({ kid: key.kid, privateKey: stranger.privateKey }, spec()));
    expect(forged).toMatchObject({ status: 401, message: "Access token signature is invalid" });
  });

  test("rotation: a key inserted while running is accepted without a restart", async () => {
    expect((await initializeWith(await signTestToken(key, spec()))).status).toBe(200);
    const rotated = await suiteSigningKey(suite);
    const token = await signTestToken(rotated, spec());
    const status = await eventually(async () => {
      const result = await initializeWith(token);
      return result.status === 200 ? result.status : undefined;
    });
    expect(status).toBe(200);
    // The old key keeps working until it is retired.
    expect((await initializeWith(await signTestToken(key, spec()))).status).toBe(200);
  }, 15_000);
});

describe("JwtVerifier key cache", () => {
  test("keys are loaded once; unknown kids reload at most once per interval", async () => {
    let queries = 0;
    const counting = {
      query: (...args: unknown[]) => {
        queries++;
        return (pool.query as (...a: unknown[]) => unknown).apply(pool, args);
      },
    };
    const verifier = new JwtVerifier(counting as unknown as pg.Pool);
    for (let i = 0; i < 3; i++) await verifier.verify(await signTestToken(key, spec()));
    expect(queries).toBe(1);
    for (let i = 0; i < 3; i++) {
      const error = await verifier.verify(await signTestToken(key, spec({ kid: `made-up-${i}` }))).catch((e) => e);
      expect(error).toBeInstanceOf(JwtRejected);
    }
    expect(queries).toBe(1);
    verifier.invalidate();
    await verifier.verify(await signTestToken(key, spec()));
    expect(queries).toBe(2);
  });

  test("a key retired more than a day ago no longer verifies", async () => {
    const retired = await suiteSigningKey(suite);
    await pool.query(`update signing_keys set retired_at = now() - interval '2 days' where kid = $1`, [retired.kid]);
    const verifier = new JwtVerifier(pool);
    const error = await verifier.verify(await signTestToken(retired, spec())).catch((e) => e);
    expect(error).toEqual(new JwtRejected("Access token was signed by an unknown key"));
  });
});
