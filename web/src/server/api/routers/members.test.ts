import { describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { addMember, createAccount } from "~/test/fixtures";
import { trpcError } from "~/test/trpc-errors";

describe("members router", () => {
  it("lists members, changes a role and removes a member, auditing both writes", async () => {
    const owner = await createAccount("mem");
    const member = await addMember(owner.org.id, "member");
    expect((await member.caller.members.list()).map((m) => [m.userId, m.role])).toEqual([
      [owner.userId, "owner"],
      [member.userId, "member"],
    ]);

    const changed = await owner.caller.members.updateRole({ userId: member.userId, role: "viewer" });
    expect(changed).toMatchObject({ userId: member.userId, email: member.email, role: "viewer" });
    expect((await member.caller.org.current()).role).toBe("viewer");

    await owner.caller.members.remove({ userId: member.userId });
    expect((await owner.caller.members.list()).map((m) => m.userId)).toEqual([owner.userId]);
    // The removed user's session falls back to their own org: the old one is unreachable at once.
    expect((await member.caller.org.current()).org.id).not.toBe(owner.org.id);

    const audit = await db.auditLog.findMany({
      where: { orgId: owner.org.id, targetType: "user" },
      orderBy: { createdAt: "asc" },
      select: { action: true, actorUserId: true, targetId: true, before: true, after: true, ip: true },
    });
    expect(audit.map((row) => [row.action, row.actorUserId, row.targetId, row.ip])).toEqual([
      ["member.update", owner.userId, member.userId, "127.0.0.1"],
      ["member.remove", owner.userId, member.userId, "127.0.0.1"],
    ]);
    expect(audit[0]?.before).toMatchObject({ role: "member" });
    expect(audit[0]?.after).toMatchObject({ role: "viewer" });
    expect(audit[1]?.before).toMatchObject({ email: member.email, role: "viewer" });
  });

  it("protects the last owner from removal, demotion and leaving; a second owner lifts it", async () => {
    const owner = await createAccount("mem");
    const demote = await trpcError(owner.caller.members.updateRole({ userId: owner.userId, role: "admin" }));
    expect(demote.code).toBe("CONFLICT");
    expect(demote.message).toBe("The last owner cannot be demoted; make another member an owner first");
    const remove = await trpcError(owner.caller.members.remove({ userId: owner.userId }));
    expect(remove.code).toBe("CONFLICT");
    expect(remove.message).toBe("The last owner cannot be removed; make another member an owner first");
    const leave = await trpcError(owner.caller.org.leave());
    expect(leave.code).toBe("CONFLICT");
    expect(leave.message).toBe("The last owner cannot leave the organization; make another member an owner first");

    const second = await addMember(owner.org.id, "admin");
    await owner.caller.members.updateRole({ userId: second.userId, role: "owner" });
    await owner.caller.members.updateRole({ userId: owner.userId, role: "admin" });
    const now = await trpcError(second.caller.members.remove({ userId: second.userId }));
    expect(now.message).toBe("The last owner cannot be removed; make another member an owner first");
    expect(await db.membership.count({ where: { orgId: owner.org.id, role: "owner" } })).toBe(1);
  });

  it("never leaves an org ownerless when two owners demote each other at the same time", async () => {
    const a = await createAccount("mem");
    const b = await addMember(a.org.id, "owner");
    const results = await Promise.allSettled([
      a.caller.members.updateRole({ userId: b.userId, role: "member" }),
      b.caller.members.updateRole({ userId: a.userId, role: "member" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.membership.count({ where: { orgId: a.org.id, role: "owner" } })).toBe(1);
  });

  it("enforces the role ceiling: an admin cannot make, demote or remove owners", async () => {
    const owner = await createAccount("mem");
    const admin = await addMember(owner.org.id, "admin");
    const member = await addMember(owner.org.id, "member");

    const promote = await trpcError(admin.caller.members.updateRole({ userId: member.userId, role: "owner" }));
    expect(promote.code).toBe("FORBIDDEN");
    expect(promote.message).toBe("Your role (admin) cannot grant or change the owner role");
    expect((await trpcError(admin.caller.members.updateRole({ userId: owner.userId, role: "viewer" }))).code).toBe(
      "FORBIDDEN",
    );
    const removeOwner = await trpcError(admin.caller.members.remove({ userId: owner.userId }));
    expect(removeOwner.code).toBe("FORBIDDEN");
    expect(removeOwner.message).toBe("Your role (admin) cannot remove an owner");

    expect((await trpcError(member.caller.members.remove({ userId: admin.userId }))).code).toBe("FORBIDDEN");
    await expect(admin.caller.members.updateRole({ userId: member.userId, role: "admin" })).resolves.toMatchObject({
      role: "admin",
    });
  });

  it("lets members and viewers list but not manage, and lets a non-owner leave (audited)", async () => {
    const owner = await createAccount("mem");
    const viewer = await addMember(owner.org.id, "viewer");
    expect(await viewer.caller.members.list()).toHaveLength(2);
    const error = await trpcError(viewer.caller.members.updateRole({ userId: viewer.userId, role: "admin" }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toBe("Your role (viewer) cannot do this");

    await expect(viewer.caller.org.leave()).resolves.toEqual({ orgId: owner.org.id });
    expect(await db.membership.count({ where: { orgId: owner.org.id, userId: viewer.userId } })).toBe(0);
    const row = await db.auditLog.findFirstOrThrow({
      where: { orgId: owner.org.id, action: "member.leave" },
      select: { actorUserId: true, targetId: true },
    });
    expect(row).toEqual({ actorUserId: viewer.userId, targetId: viewer.userId });
  });

  it("never changes or removes a user of another org: NOT_FOUND", async () => {
    const a = await createAccount("mem");
    const b = await createAccount("mem");
    for (const attempt of [
      () => b.caller.members.updateRole({ userId: a.userId, role: "viewer" }),
      () => b.caller.members.remove({ userId: a.userId }),
    ]) {
      const error = await trpcError(attempt());
      expect(error.code).toBe("NOT_FOUND");
      expect(error.message).toBe("Member not found");
    }
    expect((await b.caller.members.list()).map((m) => m.userId)).toEqual([b.userId]);
    expect((await a.caller.org.current()).role).toBe("owner");
  });
});
