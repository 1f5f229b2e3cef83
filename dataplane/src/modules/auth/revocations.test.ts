// Access JWTs voided by membership changes: the rules of the in-memory list, then a real gateway that
// learns of a deleted membership and a changed role through LISTEN/NOTIFY, with no restart.
import { beforeAll, describe, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import { demoStdioServer, INITIALIZE, postJson } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { ACCESS_TOKEN_TTL_MS, REVOKED_MESSAGE, TokenRevocations } from "./revocations.ts";
import { signTestToken, suiteSigningKey, type TestSigningKey } from "./test-signing-keys.ts";

describe("TokenRevocations", () => {
  const org = randomUUID();
  const user = randomUUID();
  const at = Date.UTC(2026, 0, 1, 12, 0, 0, 400);

  test("voids tokens of that user and org issued up to the change, its own second included", () => {
    const revocations = new TokenRevocations();
    revocations.revoke(org, user, at);
    expect(revocations.isRevoked(org, user, at - 60_000, at)).toBe(true);
    // iat has whole seconds: a token of the same second may predate the change.
    expect(revocations.isRevoked(org, user, Date.UTC(2026, 0, 1, 12, 0, 0), at)).toBe(true);
    expect(revocations.isRevoked(org, user, Date.UTC(2026, 0, 1, 12, 0, 1), at)).toBe(false);
    expect(revocations.isRevoked(org, user, null, at)).toBe(true);
    expect(revocations.isRevoked(org, randomUUID(), at - 60_000, at)).toBe(false);
    expect(revocations.isRevoked(randomUUID(), user, at - 60_000, at)).toBe(false);
  });

  test("a change without a user voids every token of the org", () => {
    const revocations = new TokenRevocations();
    revocations.revoke(org, null, at);
    expect(revocations.isRevoked(org, randomUUID(), at - 1_000, at)).toBe(true);
    expect(revocations.isRevoked(randomUUID(), user, at - 1_000, at)).toBe(false);
  });

  test("entries end once every token they could void has expired, and are swept", () => {
    const revocations = new TokenRevocations();
    revocations.revoke(org, user, at);
    const later = at + ACCESS_TOKEN_TTL_MS + 61_000;
    expect(revocations.isRevoked(org, user, at - 1_000, later)).toBe(false);
    revocations.revoke(randomUUID(), user, later);
    expect(revocations.size).toBe(1);
  });
});

describe("membership changes on a running gateway", () => {
  const suite = gatewaySuite({ servers: [demoStdioServer("demo")], key: false });
  const { pool } = suite;
  let key: TestSigningKey;

  beforeAll(async () => {
    key = await suiteSigningKey(suite);
  });

  async function addUser(role: string): Promise<{ userId: string; membershipId: string }> {
    const userId = randomUUID();
    const membershipId = randomUUID();
    await pool.query(
      `insert into users (id, email, name, password_hash, updated_at) values ($1, $2, 'Revoked', 'x', now())`,
      [userId, `${userId}@example.test`],
    );
    await pool.query(
      `insert into memberships (id, org_id, user_id, role, updated_at) values ($1, $2, $3, $4::"Role", now())`,
      [membershipId, suite.tenant.orgId, userId, role],
    );
    return { userId, membershipId };
  }

  async function initialize(token: string): Promise<{ status: number; message?: string }> {
    const response = await postJson(suite.endpoint, INITIALIZE, { authorization: `Bearer ${token}` });
    const body = (await response.json().catch(() => null)) as { error?: { message: string } } | null;
    return { status: response.status, message: body?.error?.message };
  }

  /** Polls until the token is refused; returns the refusal and how long after `since` it came. */
  async function untilRefused(token: string, since: number) {
    for (;;) {
      const result = await initialize(token);
      if (result.status !== 200) return { ...result, afterMs: Date.now() - since };
      if (Date.now() - since > 5_000) throw new Error("token still accepted after 5 s");
      await Bun.sleep(20);
    }
  }

  test("deleting the membership voids the user's token within a second, without a restart", async () => {
    const { userId, membershipId } = await addUser("member");
    const token = await signTestToken(key, { userId, orgId: suite.tenant.orgId, role: "member", issuedAt: 0 });
    expect((await initialize(token)).status).toBe(200);

    const deletedAt = Date.now();
    await pool.query(`delete from memberships where id = $1`, [membershipId]);
    const refused = await untilRefused(token, deletedAt);
    expect(refused).toMatchObject({ status: 401, message: REVOKED_MESSAGE });
    expect(refused.afterMs).toBeLessThan(1_000);
    // Another member of the same org is untouched.
    const other = await addUser("member");
    const otherToken = await signTestToken(key, { userId: other.userId, orgId: suite.tenant.orgId, role: "member" });
    expect((await initialize(otherToken)).status).toBe(200);
  }, 30_000);

  test("after a role change the old token is refused and a token issued afterwards works", async () => {
    const { userId, membershipId } = await addUser("admin");
    const old = await signTestToken(key, { userId, orgId: suite.tenant.orgId, role: "admin", issuedAt: 0 });
    expect((await initialize(old)).status).toBe(200);

    const changedAt = Date.now();
    await pool.query(`update memberships set role = 'viewer', updated_at = now() where id = $1`, [membershipId]);
    expect(await untilRefused(old, changedAt)).toMatchObject({ status: 401, message: REVOKED_MESSAGE });

    // iat has whole seconds, so a token counts as newer from the next second on.
    await Bun.sleep(1_100);
    const fresh = await signTestToken(key, { userId, orgId: suite.tenant.orgId, role: "viewer", issuedAt: 0 });
    expect(await initialize(fresh)).toEqual({ status: 200, message: undefined });
  }, 30_000);

  test("an open WebSocket session of the user refuses its next frame and closes", async () => {
    const { userId, membershipId } = await addUser("member");
    const token = await signTestToken(key, { userId, orgId: suite.tenant.orgId, role: "member", issuedAt: 0 });
    const url = `${suite.ns.replace(/^http/, "ws")}/ws`;
    const socket = new WebSocket(url, { protocols: ["mcp"], headers: { authorization: `Bearer ${token}` } } as never);
    const frames: Array<{ id?: number; result?: unknown; error?: { code: number; message: string } }> = [];
    socket.onmessage = (event) => frames.push(JSON.parse(String(event.data)));
    const closed = new Promise<number>((resolve) => (socket.onclose = (event) => resolve(event.code)));
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    socket.send(JSON.stringify(INITIALIZE));
    const deadline = Date.now() + 5_000;
    while (!frames.some((frame) => frame.id === 1)) {
      if (Date.now() > deadline) throw new Error("no initialize response");
      await Bun.sleep(10);
    }
    expect(frames.find((frame) => frame.id === 1)?.result).toBeDefined();

    await pool.query(`delete from memberships where id = $1`, [membershipId]);
    await Bun.sleep(300);
    socket.send(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }));
    expect(await closed).toBe(4401);
    expect(frames.find((frame) => frame.id === 2)?.error).toMatchObject({ code: -32041, message: REVOKED_MESSAGE });
  }, 30_000);
});
