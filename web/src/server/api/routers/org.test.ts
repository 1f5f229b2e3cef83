import { describe, expect, it } from "vitest";
import { createCaller } from "~/server/api/root";
import { db } from "~/server/db";
import { addMember, contextFor, createAccount, uniqueId } from "~/test/fixtures";
import { trpcError } from "~/test/trpc-errors";

describe("org router", () => {
  it("creates a second org owned by the caller, lists both, switches to it and renames it (audited)", async () => {
    const a = await createAccount("org");
    const name = `Second ${uniqueId()}`;
    const created = await a.caller.org.create({ name });
    expect(created.name).toBe(name);
    expect(created.slug).toMatch(/^second-/);

    expect((await a.caller.org.current()).orgs.map((org) => org.id)).toEqual([a.org.id, created.id]);
    expect(await a.caller.org.switch({ orgId: created.id })).toEqual({ org: created, role: "owner" });

    const inNew = createCaller(contextFor(a.userId, created.id));
    expect((await inNew.org.current()).org).toEqual(created);
    const renamed = await inNew.org.update({ name: "Renamed" });
    expect(renamed).toEqual({ ...created, name: "Renamed" });

    const audit = await db.auditLog.findMany({
      where: { orgId: created.id },
      orderBy: { createdAt: "asc" },
      select: {
        action: true,
        actorUserId: true,
        actorEmail: true,
        targetId: true,
        before: true,
        after: true,
        ip: true,
      },
    });
    expect(audit.map((row) => [row.action, row.actorUserId, row.targetId, row.ip])).toEqual([
      ["org.create", a.userId, created.id, "127.0.0.1"],
      ["org.update", a.userId, created.id, "127.0.0.1"],
    ]);
    expect(audit[0]?.actorEmail).toBe(a.email);
    expect(audit[1]?.before).toMatchObject({ name });
    expect(audit[1]?.after).toMatchObject({ name: "Renamed" });
  });

  it("refuses to switch to an org the caller is not in, like one that does not exist", async () => {
    const a = await createAccount("org");
    const b = await createAccount("org");
    for (const orgId of [b.org.id, "00000000-0000-7000-8000-000000000000"]) {
      const error = await trpcError(a.caller.org.switch({ orgId }));
      expect(error.code).toBe("NOT_FOUND");
      expect(error.message).toBe("Organization not found");
    }
    // A session that names a foreign org never reaches it: procedures resolve the caller's own membership.
    const forged = createCaller(contextFor(a.userId, b.org.id));
    expect((await forged.org.current()).org.id).toBe(a.org.id);
  });

  it("deletes an org only for its owner, only with the typed slug, and cascades to everything it owns", async () => {
    const owner = await createAccount("org");
    const admin = await addMember(owner.org.id, "admin");
    const ns = await owner.caller.namespaces.create({ name: "Tools" });
    const server = await owner.caller.servers.create({
      namespaceId: ns.id,
      name: "remote",
      transport: "streamable-http",
      url: "https://mcp.example.test/mcp",
    });
    const { apiKey } = await owner.caller.apiKeys.create({ name: "ci" });
    await owner.caller.invitations.create({ email: `${uniqueId()}@example.test` });

    const notOwner = await trpcError(admin.caller.org.delete({ confirmSlug: owner.org.slug }));
    expect(notOwner.code).toBe("FORBIDDEN");
    expect(notOwner.message).toBe("Your role (admin) cannot do this");
    const wrongSlug = await trpcError(owner.caller.org.delete({ confirmSlug: "not-the-slug" }));
    expect(wrongSlug.code).toBe("BAD_REQUEST");
    expect(wrongSlug.message).toBe(`Type "${owner.org.slug}" to confirm the deletion`);
    expect(await db.organization.count({ where: { id: owner.org.id } })).toBe(1);

    await expect(owner.caller.org.delete({ confirmSlug: owner.org.slug })).resolves.toEqual({ id: owner.org.id });
    expect(await db.organization.count({ where: { id: owner.org.id } })).toBe(0);
    expect(await db.namespace.count({ where: { id: ns.id } })).toBe(0);
    expect(await db.mcpServer.count({ where: { id: server.id } })).toBe(0);
    expect(await db.apiKey.count({ where: { id: apiKey.id } })).toBe(0);
    expect(await db.membership.count({ where: { orgId: owner.org.id } })).toBe(0);
    expect(await db.invitation.count({ where: { orgId: owner.org.id } })).toBe(0);
    // The users themselves remain; they just have no org left.
    expect(await db.user.count({ where: { id: { in: [owner.userId, admin.userId] } } })).toBe(2);

    // The audit trail outlives the org: its rows stay, the deletion's own row included.
    const deletion = await db.auditLog.findMany({
      where: { orgId: owner.org.id, action: "org.delete" },
      select: { actorUserId: true, targetType: true, targetId: true, before: true },
    });
    expect(deletion).toEqual([
      {
        actorUserId: owner.userId,
        targetType: "organization",
        targetId: owner.org.id,
        before: expect.objectContaining({ slug: owner.org.slug, members: 2, namespaces: 1, servers: 1, apiKeys: 1 }),
      },
    ]);
    expect(await db.auditLog.count({ where: { orgId: owner.org.id, action: "namespace.create" } })).toBe(1);
    // …but nobody can list them through the app: audit queries are scoped to the caller's own org.
    const fresh = await owner.caller.org.create({ name: "After the deletion" });
    const inFresh = createCaller(contextFor(owner.userId, fresh.id));
    expect((await inFresh.audit.list({ targetId: owner.org.id })).items).toEqual([]);
    expect((await inFresh.audit.list({ action: "org.delete" })).items).toEqual([]);
    const bystander = await createAccount("org");
    expect((await bystander.caller.audit.list({ targetId: owner.org.id })).items).toEqual([]);
    // The former admin's session still names the deleted org: it falls back to their own org's trail.
    expect((await admin.caller.audit.list({ targetId: owner.org.id })).items).toEqual([]);
  });

  it("lets a user with no org left create a new one", async () => {
    const a = await createAccount("org");
    await a.caller.org.delete({ confirmSlug: a.org.slug });
    expect((await trpcError(a.caller.org.current())).code).toBe("FORBIDDEN");
    const fresh = await a.caller.org.create({ name: "Fresh start" });
    expect((await createCaller(contextFor(a.userId, null)).org.current()).org).toEqual(fresh);
  });

  it("lets admins rename but not members or viewers, and refuses anonymous callers", async () => {
    const owner = await createAccount("org");
    const admin = await addMember(owner.org.id, "admin");
    const member = await addMember(owner.org.id, "member");
    await expect(admin.caller.org.update({ name: "By admin" })).resolves.toMatchObject({ name: "By admin" });
    expect((await trpcError(member.caller.org.update({ name: "By member" }))).code).toBe("FORBIDDEN");
    expect((await trpcError(member.caller.org.delete({ confirmSlug: owner.org.slug }))).code).toBe("FORBIDDEN");
    const anonymous = createCaller({ userId: null, orgId: null, ip: null, userAgent: null });
    expect((await trpcError(anonymous.org.create({ name: "x" }))).code).toBe("UNAUTHORIZED");
    expect((await trpcError(owner.caller.org.update({ name: "  " }))).code).toBe("BAD_REQUEST");
  });
});
