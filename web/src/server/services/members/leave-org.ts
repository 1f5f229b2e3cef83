import "server-only";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { memberSelect, toMember } from "./member-select";
import { assertNotLastOwner } from "./owner-guard";

/** The caller leaves the org; its last owner cannot (delete the org or hand ownership over instead). */
export async function leaveOrg(orgId: string, userId: string, actor: TActor): Promise<{ orgId: string }> {
  return db.$transaction(async (tx) => {
    const where = { orgId_userId: { orgId, userId } };
    const row = await tx.membership.findUnique({ where, select: memberSelect });
    if (!row) throw AppError.notFound("Organization");
    if (row.role === "owner") await assertNotLastOwner(tx, orgId, userId, "leave the organization");
    await tx.membership.delete({ where, select: { id: true } });
    await tx.refreshToken.updateMany({ where: { orgId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      orgId,
      actor,
      action: "member.leave",
      targetType: "user",
      targetId: userId,
      before: toMember(row),
    });
    return { orgId };
  });
}
