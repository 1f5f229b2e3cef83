import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { addMember, createAccount } from "~/test/fixtures";

const BASE = Date.UTC(2026, 0, 1, 12, 0, 0);

/** Rows a minute apart, oldest first: namespace.create, namespace.update, server.create, namespace.delete. */
async function seedAudit(orgId: string, actor: { userId: string; email: string }): Promise<void> {
  const rows = [
    { action: "namespace.create", targetType: "namespace", targetId: "ns-1" },
    { action: "namespace.update", targetType: "namespace", targetId: "ns-1" },
    { action: "server.create", targetType: "mcp_server", targetId: "srv-1" },
    { action: "namespace.delete", targetType: "namespace", targetId: "ns-2" },
  ];
  await db.auditLog.createMany({
    data: rows.map((row, i) => ({
      orgId,
      actorUserId: actor.userId,
      actorEmail: actor.email,
      ...row,
      createdAt: new Date(BASE + i * 60_000),
    })),
  });
}

describe("audit router", () => {
  it("lists the org's audit rows newest first, paging without gaps or repeats", async () => {
    const a = await createAccount("audit");
    await seedAudit(a.org.id, a);
    await a.caller.namespaces.create({ name: "Audited" });

    const all = await a.caller.audit.list({});
    // sign-up's org.create and the namespace.create just made are newer than the seeded rows.
    expect(all.items.map((item) => item.action)).toEqual([
      "namespace.create",
      "org.create",
      "namespace.delete",
      "server.create",
      "namespace.update",
      "namespace.create",
    ]);
    expect(all.items[0]).toMatchObject({ actorUserId: a.userId, actorEmail: a.email, targetType: "namespace" });
    expect(all.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await a.caller.audit.list({ limit: 4, cursor });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen).toEqual(all.items.map((item) => item.id));
  });

  it("filters by actor, action (exact or prefix), target and time", async () => {
    const a = await createAccount("audit");
    await seedAudit(a.org.id, a);
    const other = await addMember(a.org.id, "admin");
    await db.auditLog.create({
      data: {
        orgId: a.org.id,
        actorUserId: other.userId,
        actorEmail: other.email,
        action: "server.delete",
        targetType: "mcp_server",
        targetId: "srv-1",
        createdAt: new Date(BASE + 10 * 60_000),
      },
    });

    const byEmail = await a.caller.audit.list({ actor: other.email.toUpperCase() });
    expect(byEmail.items.map((item) => item.action)).toEqual(["server.delete"]);
    const byUserId = await a.caller.audit.list({ actor: other.userId });
    expect(byUserId.items.map((item) => item.action)).toEqual(["server.delete"]);

    expect((await a.caller.audit.list({ action: "namespace.update" })).items.map((item) => item.action)).toEqual([
      "namespace.update",
    ]);
    expect((await a.caller.audit.list({ action: "namespace." })).items.map((item) => item.action)).toEqual([
      "namespace.delete",
      "namespace.update",
      "namespace.create",
    ]);
    expect((await a.caller.audit.list({ action: "server.*" })).items.map((item) => item.action)).toEqual([
      "server.delete",
      "server.create",
    ]);
    // "_" in a prefix is literal, not a LIKE wildcard.
    await db.auditLog.create({
      data: { orgId: a.org.id, action: "apixkey.create", targetType: "api_key", createdAt: new Date(BASE) },
    });
    expect((await a.caller.audit.list({ action: "api_key." })).items).toEqual([]);
    await db.auditLog.create({
      data: { orgId: a.org.id, action: "api_key.revoke", targetType: "api_key", createdAt: new Date(BASE) },
    });
    expect((await a.caller.audit.list({ action: "api_key." })).items.map((item) => item.action)).toEqual([
      "api_key.revoke",
    ]);
    // Without the dot it is an exact match, so "namespace" matches nothing.
    expect((await a.caller.audit.list({ action: "namespace" })).items).toEqual([]);

    const target = await a.caller.audit.list({ targetType: "mcp_server", targetId: "srv-1" });
    expect(target.items.map((item) => item.action)).toEqual(["server.delete", "server.create"]);
    const nsOne = await a.caller.audit.list({ targetType: "namespace", targetId: "ns-1" });
    expect(nsOne.items.map((item) => item.action)).toEqual(["namespace.update", "namespace.create"]);

    const window = await a.caller.audit.list({
      from: new Date(BASE + 60_000),
      to: new Date(BASE + 2 * 60_000),
    });
    expect(window.items.map((item) => item.action)).toEqual(["server.create", "namespace.update"]);
    const since = await a.caller.audit.list({ from: new Date(BASE + 3 * 60_000), action: "namespace." });
    expect(since.items.map((item) => item.action)).toEqual(["namespace.delete"]);
  });

  it("never shows another org's rows, even when filtering by that org's actor or target", async () => {
    const a = await createAccount("audit");
    const b = await createAccount("audit");
    await seedAudit(a.org.id, a);
    const ns = await a.caller.namespaces.create({ name: "Private" });

    const theirs = await b.caller.audit.list({});
    expect(theirs.items.map((item) => item.action)).toEqual(["org.create"]);
    expect((await b.caller.audit.list({ actor: a.email })).items).toEqual([]);
    expect((await b.caller.audit.list({ actor: a.userId })).items).toEqual([]);
    expect((await b.caller.audit.list({ targetType: "namespace", targetId: ns.id })).items).toEqual([]);
    expect((await b.caller.audit.list({ action: "namespace." })).items).toEqual([]);
  });

  it("refuses members and viewers with FORBIDDEN; admins may read", async () => {
    const a = await createAccount("audit");
    for (const role of ["member", "viewer"] as const) {
      const user = await addMember(a.org.id, role);
      const error = await user.caller.audit.list({}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("FORBIDDEN");
    }
    const admin = await addMember(a.org.id, "admin");
    expect((await admin.caller.audit.list({})).items.map((item) => item.action)).toEqual(["org.create"]);
  });

  it("rejects a bad date, an inverted range and a forged cursor with BAD_REQUEST", async () => {
    const a = await createAccount("audit");
    for (const input of [
      { from: "not-a-date" },
      { from: new Date(BASE + 1000), to: new Date(BASE) },
      { cursor: "not-a-cursor" },
      { action: "namespace-%" },
    ]) {
      const error = await a.caller.audit.list(input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
    }
  });
});
