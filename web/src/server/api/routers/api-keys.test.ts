import { hashToken } from "@omnimesh/db/crypto";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { env } from "~/env";
import { db } from "~/server/db";
import { authenticateApiKey } from "~/server/services/api-keys/authenticate-api-key";
import { addMember, createAccount } from "~/test/fixtures";

async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe("apiKeys router", () => {
  it("returns the secret once and stores only its HMAC; the list never carries hash or secret", async () => {
    const a = await createAccount("key");
    const { apiKey, secret } = await a.caller.apiKeys.create({ name: "ci" });
    expect(secret).toMatch(/^omk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(`${apiKey.prefix}_`)).toBe(true);
    expect(apiKey).toMatchObject({ name: "ci", scopes: ["mcp:full"], namespaceIds: [], revokedAt: null });
    expect(apiKey.createdBy).toEqual({ id: a.userId, email: a.email });

    const row = await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.keyHash).toBe(hashToken(secret, env.OMNIMESH_TOKEN_PEPPER));
    expect(JSON.stringify(row)).not.toContain(secret.slice(13));

    const list = await a.caller.apiKeys.list();
    expect(list.map((key) => key.id)).toEqual([apiKey.id]);
    expect(JSON.stringify(list)).not.toContain(row.keyHash);
    expect(JSON.stringify(list)).not.toContain(secret);
  });

  it("revokes a key so it no longer authenticates, and audits create and revoke", async () => {
    const a = await createAccount("key");
    const { apiKey, secret } = await a.caller.apiKeys.create({ name: "temp", scopes: ["mcp:read"] });
    expect(await authenticateApiKey(secret, "10.0.0.1")).toMatchObject({ id: apiKey.id, orgId: a.org.id });
    const revoked = await a.caller.apiKeys.revoke({ id: apiKey.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await authenticateApiKey(secret, "10.0.0.1")).toBeNull();
    const actions = await db.auditLog.findMany({
      where: { targetId: apiKey.id },
      orderBy: { createdAt: "asc" },
      select: { action: true },
    });
    expect(actions.map((row) => row.action)).toEqual(["api_key.create", "api_key.revoke"]);
  });

  it("validates scopes and namespaces, naming the field", async () => {
    const a = await createAccount("key");
    const b = await createAccount("key");
    const foreign = await b.caller.namespaces.create({ name: "Theirs" });
    expect((await trpcError(a.caller.apiKeys.create({ name: "", scopes: ["mcp:full"] }))).code).toBe("BAD_REQUEST");
    const badScope = await trpcError(a.caller.apiKeys.create({ name: "x", scopes: ["root" as never] }));
    expect(badScope.code).toBe("BAD_REQUEST");
    const foreignNamespace = await trpcError(a.caller.apiKeys.create({ name: "x", namespaceIds: [foreign.id] }));
    expect(foreignNamespace.code).toBe("BAD_REQUEST");
    expect(foreignNamespace.cause).toMatchObject({ fields: { namespaceIds: "Unknown namespace" } });
  });

  it("lets only owners and admins mint admin-scoped keys or revoke others' keys", async () => {
    const a = await createAccount("key");
    const member = await addMember(a.org.id, "member");
    expect((await trpcError(member.caller.apiKeys.create({ name: "x", scopes: ["admin"] }))).code).toBe("FORBIDDEN");
    const own = await member.caller.apiKeys.create({ name: "mine" });
    const ownersKey = await a.caller.apiKeys.create({ name: "owner's", scopes: ["admin"] });
    expect((await trpcError(member.caller.apiKeys.revoke({ id: ownersKey.apiKey.id }))).code).toBe("FORBIDDEN");
    expect((await member.caller.apiKeys.revoke({ id: own.apiKey.id })).revokedAt).not.toBeNull();
    expect((await a.caller.apiKeys.revoke({ id: ownersKey.apiKey.id })).revokedAt).not.toBeNull();
  });

  it("never lists or revokes another org's keys: NOT_FOUND", async () => {
    const a = await createAccount("key");
    const b = await createAccount("key");
    const { apiKey } = await a.caller.apiKeys.create({ name: "private" });
    expect(await b.caller.apiKeys.list()).toEqual([]);
    expect((await trpcError(b.caller.apiKeys.revoke({ id: apiKey.id }))).code).toBe("NOT_FOUND");
    expect((await a.caller.apiKeys.list())[0]?.revokedAt).toBeNull();
  });
});
