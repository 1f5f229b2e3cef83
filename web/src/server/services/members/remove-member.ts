import "server-only";
import { z } from "zod";
import { canGrant, type TRole } from "~/server/auth/permissions";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { memberSelect, toMember, ZUserId } from "./member-select";
import { assertNotLastOwner } from "./owner-guard";

export const ZRemoveMemberInput = z.object({ userId: ZUserId });
export type TRemoveMemberInput = z.output<typeof ZRemoveMemberInput>;

/**
 * Removes a member (admins cannot remove owners; the last owner cannot be removed). The user's
 * refresh tokens for this org die with the membership, so their REST access ends at once too.
 */
export async function removeMember(
  orgId: string,
  actor: TActor,
  actorRole: TRole,
  input: TRemoveMemberInput,
): Promise<{ userId: string }> {
  return db.$transaction(async (tx) => {
    const where = { orgId_userId: { orgId, userId: input.userId } };
    const row = await tx.membership.findUnique({ where, select: memberSelect });
    if (!row) throw AppError.notFound("Member");
    if (!canGrant(actorRole, row.role)) {
      throw new AppError("FORBIDDEN", `Your role (${actorRole}) cannot remove an ${row.role}`);
    }
    if (row.role === "owner") await assertNotLastOwner(tx, orgId, input.userId, "be removed");
    await tx.membership.delete({ where, select: { id: true } });
    await tx.refreshToken.updateMany({
      where: { orgId, userId: input.userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await recordAudit(tx, {
      orgId,
      actor,
      action: "member.remove",
      targetType: "user",
      targetId: input.userId,
      before: toMember(row),
    });
    return { userId: input.userId };
  });
}
