import "server-only";
import { z } from "zod";
import { canGrant, type TRole } from "~/server/auth/permissions";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { memberSelect, type TMember, toMember, ZRole, ZUserId } from "./member-select";
import { assertNotLastOwner } from "./owner-guard";

export const ZUpdateMemberRoleInput = z.object({ userId: ZUserId, role: ZRole });
export type TUpdateMemberRoleInput = z.output<typeof ZUpdateMemberRoleInput>;

/** Changes a member's role, within the caller's role ceiling and never demoting the last owner. */
export async function updateMemberRole(
  orgId: string,
  actor: TActor,
  actorRole: TRole,
  input: TUpdateMemberRoleInput,
): Promise<TMember> {
  return db.$transaction(async (tx) => {
    const where = { orgId_userId: { orgId, userId: input.userId } };
    const row = await tx.membership.findUnique({ where, select: memberSelect });
    if (!row) throw AppError.notFound("Member");
    // Both the member's current role and the new one must be within the caller's ceiling.
    const checked = canGrant(actorRole, row.role) ? input.role : row.role;
    if (!canGrant(actorRole, checked)) {
      throw new AppError("FORBIDDEN", `Your role (${actorRole}) cannot grant or change the ${checked} role`);
    }
    const before = toMember(row);
    if (row.role === input.role) return before;
    if (row.role === "owner") await assertNotLastOwner(tx, orgId, input.userId, "be demoted");
    const after = toMember(await tx.membership.update({ where, data: { role: input.role }, select: memberSelect }));
    await recordAudit(tx, {
      orgId,
      actor,
      action: "member.update",
      targetType: "user",
      targetId: input.userId,
      before,
      after,
    });
    return after;
  });
}
