import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { invitationSelect, type TInvitation, toInvitation, ZInvitationId } from "./invitation-select";
import { unusableInvitation } from "./invitation-token";

export const ZRevokeInvitationInput = z.object({ id: ZInvitationId });
export type TRevokeInvitationInput = z.output<typeof ZRevokeInvitationInput>;

/** Kills the invitation's link. Revoking an already revoked invitation is a no-op; a used one is CONFLICT. */
export async function revokeInvitation(
  orgId: string,
  actor: TActor,
  input: TRevokeInvitationInput,
): Promise<TInvitation> {
  return db.$transaction(async (tx) => {
    const row = await tx.invitation.findFirst({ where: { id: input.id, orgId }, select: invitationSelect });
    if (!row) throw AppError.notFound("Invitation");
    const before = toInvitation(row);
    if (before.status === "revoked") return before;
    if (before.status === "accepted") throw unusableInvitation("accepted");
    const after = toInvitation(
      await tx.invitation.update({
        where: { id: input.id },
        data: { revokedAt: new Date() },
        select: invitationSelect,
      }),
    );
    await recordAudit(tx, {
      orgId,
      actor,
      action: "invitation.revoke",
      targetType: "invitation",
      targetId: input.id,
      before: { email: before.email, role: before.role, status: before.status },
      after: { email: after.email, role: after.role, status: after.status },
    });
    return after;
  });
}
