import { hashToken } from "@omnimesh/db/crypto";
import { describe, expect, it } from "vitest";
import type { ZodError } from "zod";
import { env } from "~/env";
import { db } from "~/server/db";
import { zodFieldErrors } from "~/server/errors/app-error";
import { authenticateApiKey } from "~/server/services/api-keys/authenticate-api-key";
import { addMember, createAccount } from "~/test/fixtures";
import { trpcError } from "~/test/trpc-errors";

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

  it("rotates in place: same settings, a new secret shown once; the old secret stops authenticating", async () => {
    const a = await createAccount("key");
    const ns = await a.caller.namespaces.create({ name: "Rotated" });
    const expiresAt = new Date(Date.now() + 86_400_000);
    const created = await a.caller.apiKeys.create({
      name: "rotating",
      scopes: ["mcp:read"],
      namespaceIds: [ns.id],
      expiresAt,
    });
    const rotated = await a.caller.apiKeys.rotate({ id: created.apiKey.id });
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.secret.startsWith(`${rotated.apiKey.prefix}_`)).toBe(true);
    expect(rotated.apiKey.prefix).not.toBe(created.apiKey.prefix);
    expect(rotated.apiKey).toMatchObject({
      id: created.apiKey.id,
      name: "rotating",
      scopes: ["mcp:read"],
      namespaceIds: [ns.id],
      expiresAt,
      revokedAt: null,
    });
    expect(await authenticateApiKey(created.secret, "10.0.0.2")).toBeNull();
    expect(await authenticateApiKey(rotated.secret, "10.0.0.2")).toMatchObject({ id: created.apiKey.id });
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.apiKey.id }, select: { keyHash: true } });
    expect(row.keyHash).toBe(hashToken(rotated.secret, env.OMNIMESH_TOKEN_PEPPER));

    const audit = await db.auditLog.findFirstOrThrow({
      where: { targetId: created.apiKey.id, action: "api_key.rotate" },
      select: { before: true, after: true, actorUserId: true },
    });
    expect(audit).toEqual({
      before: { prefix: created.apiKey.prefix },
      after: { prefix: rotated.apiKey.prefix },
      actorUserId: a.userId,
    });

    await a.caller.apiKeys.revoke({ id: created.apiKey.id });
    const revokedRotation = await trpcError(a.caller.apiKeys.rotate({ id: created.apiKey.id }));
    expect(revokedRotation.code).toBe("CONFLICT");
    expect(revokedRotation.message).toBe("A revoked key cannot be rotated; create a new one");
  });

  it("renames a key with an audit row, validating the name; members rename only their own keys", async () => {
    const a = await createAccount("key");
    const member = await addMember(a.org.id, "member");
    const { apiKey } = await a.caller.apiKeys.create({ name: "old name" });
    const renamed = await a.caller.apiKeys.rename({ id: apiKey.id, name: "  new name  " });
    expect(renamed).toMatchObject({ id: apiKey.id, name: "new name", prefix: apiKey.prefix });
    const audit = await db.auditLog.findFirstOrThrow({
      where: { targetId: apiKey.id, action: "api_key.rename" },
      select: { before: true, after: true },
    });
    expect(audit).toEqual({ before: { name: "old name" }, after: { name: "new name" } });

    const empty = await trpcError(a.caller.apiKeys.rename({ id: apiKey.id, name: " " }));
    expect(empty.code).toBe("BAD_REQUEST");
    expect(zodFieldErrors(empty.cause as ZodError)).toEqual({ name: "Name is required" });
    const notOwn = await trpcError(member.caller.apiKeys.rename({ id: apiKey.id, name: "mine now" }));
    expect(notOwn.code).toBe("FORBIDDEN");
    expect(notOwn.message).toBe("You can only rename keys you created");
    expect((await trpcError(member.caller.apiKeys.rotate({ id: apiKey.id }))).message).toBe(
      "You can only rotate keys you created",
    );
  });

  it("validates scopes, naming the field; another org's namespace is NOT_FOUND", async () => {
    const a = await createAccount("key");
    const b = await createAccount("key");
    const foreign = await b.caller.namespaces.create({ name: "Theirs" });
    expect((await trpcError(a.caller.apiKeys.create({ name: "", scopes: ["mcp:full"] }))).code).toBe("BAD_REQUEST");
    const badScope = await trpcError(a.caller.apiKeys.create({ name: "x", scopes: ["root" as never] }));
    expect(badScope.code).toBe("BAD_REQUEST");
    const foreignNamespace = await trpcError(a.caller.apiKeys.create({ name: "x", namespaceIds: [foreign.id] }));
    expect(foreignNamespace.code).toBe("NOT_FOUND");
    expect(foreignNamespace.message).toBe("Namespace not found");
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
    expect((await trpcError(b.caller.apiKeys.rotate({ id: apiKey.id }))).code).toBe("NOT_FOUND");
    expect((await trpcError(b.caller.apiKeys.rename({ id: apiKey.id, name: "mine" }))).code).toBe("NOT_FOUND");
    expect((await a.caller.apiKeys.list())[0]?.revokedAt).toBeNull();
  });
});
