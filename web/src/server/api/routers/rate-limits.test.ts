import { describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { addMember, ownerWithNamespaceAndKey } from "~/test/fixtures";
import { fieldsOf, trpcError } from "~/test/trpc-errors";

const ownerWithNamespace = () => ownerWithNamespaceAndKey("rl");

type TCreate = Parameters<Awaited<ReturnType<typeof ownerWithNamespace>>["caller"]["rateLimits"]["create"]>[0];

describe("rateLimits router", () => {
  it("creates limits per scope with their targets, lists and gets them, audited", async () => {
    const a = await ownerWithNamespace();
    const perKey = await a.caller.rateLimits.create({
      name: "ci key",
      scope: "api_key",
      target: a.keyId,
      limit: 100,
      windowSeconds: 60,
    });
    expect(perKey).toMatchObject({
      namespaceId: null,
      namespace: null,
      scope: "api_key",
      target: a.keyId,
      limit: 100,
      windowSeconds: 60,
      enabled: true,
    });
    const perTool = await a.caller.rateLimits.create({
      namespaceId: a.namespace.id,
      name: "echo",
      scope: "tool",
      target: "demo__*",
      limit: 5,
      windowSeconds: 1,
    });
    expect(perTool).toMatchObject({ namespace: { slug: a.namespace.slug }, scope: "tool", target: "demo__*" });
    const perUser = await a.caller.rateLimits.create({
      name: "me",
      scope: "user",
      target: a.userId,
      limit: 1,
      windowSeconds: 3600,
    });
    // An empty target means every key/user/IP/tool of the scope.
    const perIp = await a.caller.rateLimits.create({
      name: "ip",
      scope: "ip",
      target: "",
      limit: 10,
      windowSeconds: 10,
    });
    expect(perIp.target).toBeNull();
    const orgWide = await a.caller.rateLimits.create({ name: "org", scope: "org", limit: 1000, windowSeconds: 60 });
    expect((await a.caller.rateLimits.list({})).map((r) => r.id)).toEqual([
      perKey.id,
      perTool.id,
      perUser.id,
      perIp.id,
      orgWide.id,
    ]);
    const other = await a.caller.namespaces.create({ name: "Other" });
    expect((await a.caller.rateLimits.list({ namespaceId: other.id })).map((r) => r.id)).not.toContain(perTool.id);
    expect(await a.caller.rateLimits.get({ id: perTool.id })).toEqual(perTool);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { targetId: perKey.id },
      select: { action: true, targetType: true, actorUserId: true, after: true },
    });
    expect(audit).toMatchObject({ action: "rate_limit.create", targetType: "rate_limit", actorUserId: a.userId });
    expect(audit.after).toMatchObject({ limit: 100, windowSeconds: 60, scope: "api_key", target: a.keyId });
  });

  it("updates (scope and target checked together), disables, enables and deletes, each audited", async () => {
    const a = await ownerWithNamespace();
    const created = await a.caller.rateLimits.create({ name: "t", scope: "tool", limit: 3, windowSeconds: 60 });
    const changed = await a.caller.rateLimits.update({ id: created.id, target: "demo__echo", limit: 4 });
    expect(changed).toMatchObject({ target: "demo__echo", limit: 4, windowSeconds: 60 });
    // The kept target "demo__echo" is no IP: changing only the scope is checked against it.
    const mismatch = await trpcError(a.caller.rateLimits.update({ id: created.id, scope: "ip" }));
    expect(mismatch.code).toBe("BAD_REQUEST");
    expect(fieldsOf(mismatch)).toEqual({ target: "Use one exact IP address (ranges are not supported here)" });
    const moved = await a.caller.rateLimits.update({ id: created.id, scope: "org", target: null });
    expect(moved).toMatchObject({ scope: "org", target: null });
    expect((await a.caller.rateLimits.setEnabled({ id: created.id, enabled: false })).enabled).toBe(false);
    expect((await a.caller.rateLimits.setEnabled({ id: created.id, enabled: true })).enabled).toBe(true);
    await a.caller.rateLimits.delete({ id: created.id });
    expect(await a.caller.rateLimits.list({})).toEqual([]);
    const audit = await db.auditLog.findMany({
      where: { targetId: created.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { action: true, before: true, after: true },
    });
    expect(audit.map((row) => row.action)).toEqual([
      "rate_limit.create",
      "rate_limit.update",
      "rate_limit.update",
      "rate_limit.disable",
      "rate_limit.enable",
      "rate_limit.delete",
    ]);
    expect(audit[1]).toMatchObject({ before: { target: null, limit: 3 }, after: { target: "demo__echo", limit: 4 } });
    expect(audit[5]).toMatchObject({ before: { id: created.id, scope: "org" }, after: null });
  });

  it("refuses limits and targets the data plane could not apply, naming the field", async () => {
    const a = await ownerWithNamespace();
    const b = await ownerWithNamespace();
    const base = { name: "x", scope: "api_key", limit: 10, windowSeconds: 60 } as const;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ limit: 0 }, "limit", "Limit must be at least 1"],
      [{ limit: 2.5 }, "limit", "Limit must be a whole number"],
      [{ limit: 10_000_000 }, "limit", "Limit must be at most 1000000"],
      [{ windowSeconds: 0 }, "windowSeconds", "Window must be at least 1 second"],
      [{ windowSeconds: 30 * 86_400 }, "windowSeconds", "Window must be at most 604800 seconds (7 days)"],
      [{ scope: "planet" }, "scope", "Scope must be one of org, namespace, api_key, user, ip, tool"],
      [{ scope: "org", target: "anything" }, "target", 'A rate limit of scope "org" takes no target'],
      [{ scope: "namespace", target: "x" }, "target", 'A rate limit of scope "namespace" takes no target'],
      [{ scope: "ip", target: "10.0.0.0/8" }, "target", "Use one exact IP address"],
      [{ scope: "tool", target: "bad tool" }, "target", "Use a tool name such as demo__echo"],
      [{ scope: "api_key", target: b.keyId }, "target", "No such API key in this organization"],
      [{ scope: "user", target: b.userId }, "target", "No such member in this organization"],
    ];
    for (const [patch, field, message] of cases) {
      const error = await trpcError(a.caller.rateLimits.create({ ...base, ...patch } as TCreate));
      expect(error.code, field).toBe("BAD_REQUEST");
      expect(fieldsOf(error)?.[field], JSON.stringify(fieldsOf(error))).toContain(message);
    }
    expect(await db.rateLimit.count({ where: { orgId: a.org.id } })).toBe(0);
  });

  it("lets every role read but only owners and admins write", async () => {
    const a = await ownerWithNamespace();
    const created = await a.caller.rateLimits.create({ name: "r", scope: "org", limit: 5, windowSeconds: 5 });
    const admin = await addMember(a.org.id, "admin");
    expect((await admin.caller.rateLimits.update({ id: created.id, limit: 6 })).limit).toBe(6);
    for (const role of ["member", "viewer"] as const) {
      const user = await addMember(a.org.id, role);
      expect((await user.caller.rateLimits.list({})).map((r) => r.id)).toEqual([created.id]);
      expect(await user.caller.rateLimits.get({ id: created.id })).toMatchObject({ limit: 6 });
      for (const attempt of [
        () => user.caller.rateLimits.create({ name: "q", scope: "org", limit: 1, windowSeconds: 1 }),
        () => user.caller.rateLimits.update({ id: created.id, limit: 1 }),
        () => user.caller.rateLimits.setEnabled({ id: created.id, enabled: false }),
        () => user.caller.rateLimits.delete({ id: created.id }),
      ]) {
        const error = await trpcError(attempt());
        expect(error.code).toBe("FORBIDDEN");
        expect(error.message).toBe(`Your role (${role}) cannot do this`);
      }
    }
    expect(await a.caller.rateLimits.get({ id: created.id })).toMatchObject({ enabled: true, limit: 6 });
  });

  it("never shows or changes another org's limits, nor scopes one to its namespace: NOT_FOUND", async () => {
    const a = await ownerWithNamespace();
    const b = await ownerWithNamespace();
    const theirs = await b.caller.rateLimits.create({
      namespaceId: b.namespace.id,
      name: "b-only",
      scope: "namespace",
      limit: 5,
      windowSeconds: 5,
    });
    expect(await a.caller.rateLimits.list({})).toEqual([]);
    const mine = await a.caller.rateLimits.create({ name: "mine", scope: "org", limit: 5, windowSeconds: 5 });
    for (const attempt of [
      () => a.caller.rateLimits.get({ id: theirs.id }),
      () => a.caller.rateLimits.update({ id: theirs.id, limit: 1 }),
      () => a.caller.rateLimits.setEnabled({ id: theirs.id, enabled: false }),
      () => a.caller.rateLimits.delete({ id: theirs.id }),
      () => a.caller.rateLimits.list({ namespaceId: b.namespace.id }),
      () =>
        a.caller.rateLimits.create({
          namespaceId: b.namespace.id,
          name: "intruder",
          scope: "org",
          limit: 1,
          windowSeconds: 1,
        }),
      () => a.caller.rateLimits.update({ id: mine.id, namespaceId: b.namespace.id }),
    ]) {
      const error = await trpcError(attempt());
      expect(error.code).toBe("NOT_FOUND");
      expect(error.message).not.toContain(b.org.slug);
    }
    expect(await b.caller.rateLimits.get({ id: theirs.id })).toMatchObject({ limit: 5, enabled: true });
  });
});
