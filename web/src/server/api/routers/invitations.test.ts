import { describe, expect, it } from "vitest";
import { createCaller } from "~/server/api/root";
import { db } from "~/server/db";
import { addMember, contextFor, createAccount, TEST_PASSWORD, uniqueId, uniqueIp } from "~/test/fixtures";
import { trpcError } from "~/test/trpc-errors";

/** The token at the end of an invitation link (no SMTP in these tests, so the link is returned). */
function tokenOf(link: string | null): string {
  expect(link).toMatch(/^http:\/\/localhost:3000\/invite\/[A-Za-z0-9_-]{43}$/);
  return (link ?? "").split("/").pop() ?? "";
}

const anonymous = () => createCaller({ userId: null, orgId: null, ip: uniqueIp(), userAgent: "vitest" });

describe("invitations router", () => {
  it("invites an existing user, who accepts and becomes a member with the invited role; the link is single use", async () => {
    const owner = await createAccount("inv");
    const invitee = await createAccount("inv");
    const sent = await owner.caller.invitations.create({ email: invitee.email.toUpperCase(), role: "admin" });
    expect(sent.delivery).toBe("link");
    expect(sent.invitation).toMatchObject({ email: invitee.email, role: "admin", status: "pending" });
    const token = tokenOf(sent.link);

    // Only the hash is stored: the token appears nowhere in the row.
    const row = await db.invitation.findUniqueOrThrow({
      where: { id: sent.invitation.id },
      select: { tokenHash: true },
    });
    expect(row.tokenHash).not.toContain(token);
    expect(row.tokenHash).toHaveLength(43);

    expect(await anonymous().invitations.preview({ token })).toMatchObject({
      org: { name: owner.org.name },
      email: invitee.email,
      role: "admin",
      status: "pending",
      accountExists: true,
    });

    const accepted = await invitee.caller.invitations.accept({ token });
    expect(accepted).toEqual({ org: owner.org, role: "admin" });
    const asMember = createCaller(contextFor(invitee.userId, owner.org.id));
    expect((await asMember.org.current()).role).toBe("admin");
    expect((await owner.caller.members.list()).map((m) => [m.email, m.role])).toEqual([
      [owner.email, "owner"],
      [invitee.email, "admin"],
    ]);

    const again = await trpcError(invitee.caller.invitations.accept({ token }));
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toBe("This invitation has already been used");
    expect((await anonymous().invitations.preview({ token })).status).toBe("accepted");
    expect((await owner.caller.invitations.list())[0]).toMatchObject({ id: sent.invitation.id, status: "accepted" });
  });

  it("lets a new user sign up through the link: account and membership in one step, no personal org", async () => {
    const owner = await createAccount("inv");
    const email = `${uniqueId("new")}@example.test`;
    const sent = await owner.caller.invitations.create({ email, role: "viewer" });
    const token = tokenOf(sent.link);
    expect((await anonymous().invitations.preview({ token })).accountExists).toBe(false);

    const result = await anonymous().invitations.signUp({ token, name: "New Person", password: TEST_PASSWORD });
    expect(result).toMatchObject({ user: { email, name: "New Person" }, org: owner.org, role: "viewer" });
    const memberships = await db.membership.findMany({
      where: { userId: result.user.id },
      select: { orgId: true, role: true },
    });
    expect(memberships).toEqual([{ orgId: owner.org.id, role: "viewer" }]);

    const reused = await trpcError(anonymous().invitations.signUp({ token, name: "Again", password: TEST_PASSWORD }));
    expect(reused.code).toBe("CONFLICT");
    expect(reused.message).toBe("This invitation has already been used");
  });

  it("refuses sign-up through the link when the invited email already has an account", async () => {
    const owner = await createAccount("inv");
    const existing = await createAccount("inv");
    const token = tokenOf((await owner.caller.invitations.create({ email: existing.email })).link);
    const error = await trpcError(anonymous().invitations.signUp({ token, name: "Dup", password: TEST_PASSWORD }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("log in to accept");
  });

  it("refuses a signed-in user whose email is not the invited one", async () => {
    const owner = await createAccount("inv");
    const other = await createAccount("inv");
    const email = `${uniqueId("someone")}@example.test`;
    const token = tokenOf((await owner.caller.invitations.create({ email })).link);
    const error = await trpcError(other.caller.invitations.accept({ token }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toBe(`This invitation was sent to ${email}, but you are signed in as ${other.email}`);
    expect((await anonymous().invitations.preview({ token })).status).toBe("pending");
  });

  it("refuses an expired link, and resend issues a fresh token that kills the old link", async () => {
    const owner = await createAccount("inv");
    const invitee = await createAccount("inv");
    const sent = await owner.caller.invitations.create({ email: invitee.email });
    const oldToken = tokenOf(sent.link);
    await db.invitation.update({ where: { id: sent.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    expect((await anonymous().invitations.preview({ token: oldToken })).status).toBe("expired");
    const expired = await trpcError(invitee.caller.invitations.accept({ token: oldToken }));
    expect(expired.code).toBe("CONFLICT");
    expect(expired.message).toBe("This invitation has expired; ask an admin to resend it");

    const resent = await owner.caller.invitations.resend({ id: sent.invitation.id });
    const newToken = tokenOf(resent.link);
    expect(newToken).not.toBe(oldToken);
    expect(resent.invitation.status).toBe("pending");
    expect(resent.invitation.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);

    const dead = await trpcError(invitee.caller.invitations.accept({ token: oldToken }));
    expect(dead.code).toBe("NOT_FOUND");
    await expect(invitee.caller.invitations.accept({ token: newToken })).resolves.toMatchObject({ role: "member" });
  });

  it("revokes an invitation so its link no longer works, and cannot resend it", async () => {
    const owner = await createAccount("inv");
    const invitee = await createAccount("inv");
    const sent = await owner.caller.invitations.create({ email: invitee.email });
    const token = tokenOf(sent.link);
    expect((await owner.caller.invitations.revoke({ id: sent.invitation.id })).status).toBe("revoked");

    const error = await trpcError(invitee.caller.invitations.accept({ token }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe("This invitation was revoked; ask an admin for a new one");
    expect((await trpcError(owner.caller.invitations.resend({ id: sent.invitation.id }))).code).toBe("CONFLICT");
    expect(await db.membership.count({ where: { orgId: owner.org.id, userId: invitee.userId } })).toBe(0);
  });

  it("enforces the role ceiling and the permission: admins cannot invite owners, members cannot invite", async () => {
    const owner = await createAccount("inv");
    const admin = await addMember(owner.org.id, "admin");
    const member = await addMember(owner.org.id, "member");

    const ceiling = await trpcError(
      admin.caller.invitations.create({ email: `${uniqueId()}@example.test`, role: "owner" }),
    );
    expect(ceiling.code).toBe("FORBIDDEN");
    expect(ceiling.message).toBe("Your role (admin) cannot invite or make an owner");
    await expect(
      admin.caller.invitations.create({ email: `${uniqueId()}@example.test`, role: "admin" }),
    ).resolves.toMatchObject({ invitation: { role: "admin" } });
    const ownerInvite = await owner.caller.invitations.create({ email: `${uniqueId()}@example.test`, role: "owner" });
    expect((await trpcError(admin.caller.invitations.resend({ id: ownerInvite.invitation.id }))).code).toBe(
      "FORBIDDEN",
    );

    for (const attempt of [
      () => member.caller.invitations.create({ email: `${uniqueId()}@example.test` }),
      () => member.caller.invitations.list(),
      () => member.caller.invitations.revoke({ id: ownerInvite.invitation.id }),
    ]) {
      expect((await trpcError(attempt())).code).toBe("FORBIDDEN");
    }
  });

  it("refuses to invite an existing member or to invite the same email twice while pending", async () => {
    const owner = await createAccount("inv");
    const member = await addMember(owner.org.id, "member");
    const already = await trpcError(owner.caller.invitations.create({ email: member.email }));
    expect(already.code).toBe("CONFLICT");
    expect(already.message).toBe(`${member.email} is already a member`);

    const email = `${uniqueId()}@example.test`;
    await owner.caller.invitations.create({ email });
    const twice = await trpcError(owner.caller.invitations.create({ email }));
    expect(twice.code).toBe("CONFLICT");
    expect(twice.message).toContain("resend it instead");
  });

  it("audits create, resend, revoke and accept with actor, target, before/after and IP", async () => {
    const owner = await createAccount("inv");
    const invitee = await createAccount("inv");
    const first = await owner.caller.invitations.create({ email: `${uniqueId()}@example.test` });
    await owner.caller.invitations.resend({ id: first.invitation.id });
    await owner.caller.invitations.revoke({ id: first.invitation.id });
    const second = await owner.caller.invitations.create({ email: invitee.email, role: "viewer" });
    await invitee.caller.invitations.accept({ token: tokenOf(second.link) });

    const audit = await db.auditLog.findMany({
      where: { orgId: owner.org.id, targetType: "invitation" },
      orderBy: { createdAt: "asc" },
      select: { action: true, actorUserId: true, targetId: true, ip: true, before: true, after: true },
    });
    expect(audit.map((row) => [row.action, row.actorUserId, row.targetId])).toEqual([
      ["invitation.create", owner.userId, first.invitation.id],
      ["invitation.resend", owner.userId, first.invitation.id],
      ["invitation.revoke", owner.userId, first.invitation.id],
      ["invitation.create", owner.userId, second.invitation.id],
      ["invitation.accept", invitee.userId, second.invitation.id],
    ]);
    expect(audit.every((row) => row.ip === "127.0.0.1")).toBe(true);
    expect(audit[2]?.before).toMatchObject({ status: "pending" });
    expect(audit[2]?.after).toMatchObject({ status: "revoked" });
    expect(audit[4]?.after).toEqual({ userId: invitee.userId, email: invitee.email, role: "viewer" });
  });

  it("never shows, resends or revokes another org's invitation: NOT_FOUND", async () => {
    const a = await createAccount("inv");
    const b = await createAccount("inv");
    const sent = await a.caller.invitations.create({ email: `${uniqueId()}@example.test` });
    expect(await b.caller.invitations.list()).toEqual([]);
    for (const attempt of [
      () => b.caller.invitations.resend({ id: sent.invitation.id }),
      () => b.caller.invitations.revoke({ id: sent.invitation.id }),
    ]) {
      const error = await trpcError(attempt());
      expect(error.code).toBe("NOT_FOUND");
      expect(error.message).toBe("Invitation not found");
    }
    expect((await a.caller.invitations.list())[0]?.status).toBe("pending");
  });

  it("answers NOT_FOUND for an unknown token and BAD_REQUEST for a malformed one", async () => {
    expect((await trpcError(anonymous().invitations.preview({ token: "A".repeat(43) }))).code).toBe("NOT_FOUND");
    expect((await trpcError(anonymous().invitations.preview({ token: "../etc" }))).code).toBe("BAD_REQUEST");
  });
});
