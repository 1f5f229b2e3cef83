import "server-only";
import { z } from "zod";
import type { TRole } from "~/server/auth/permissions";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { assertCanGrant, type TInvitationSent } from "./create-invitation";
import { defaultDeliveryConfig, deliverInvitation, type TDeliveryConfig } from "./deliver-invitation";
import { invitationSelect, toInvitation, ZInvitationId } from "./invitation-select";
import { newInvitationToken, unusableInvitation } from "./invitation-token";

export const ZResendInvitationInput = z.object({ id: ZInvitationId });
export type TResendInvitationInput = z.output<typeof ZResendInvitationInput>;

/** Issues a fresh token and expiry (the previous link stops working) and delivers the new link. */
export async function resendInvitation(
  org: { id: string; name: string },
  actor: TActor,
  actorRole: TRole,
  input: TResendInvitationInput,
  config: TDeliveryConfig = defaultDeliveryConfig(),
): Promise<TInvitationSent> {
  const { token, tokenHash, expiresAt } = newInvitationToken();
  const invitation = await db.$transaction(async (tx) => {
    const row = await tx.invitation.findFirst({ where: { id: input.id, orgId: org.id }, select: invitationSelect });
    if (!row) throw AppError.notFound("Invitation");
    const before = toInvitation(row);
    if (before.status === "accepted" || before.status === "revoked") throw unusableInvitation(before.status);
    assertCanGrant(actorRole, before.role);
    const after = toInvitation(
      await tx.invitation.update({
        where: { id: input.id },
        data: { tokenHash, expiresAt, lastSentAt: new Date() },
        select: invitationSelect,
      }),
    );
    await recordAudit(tx, {
      orgId: org.id,
      actor,
      action: "invitation.resend",
      targetType: "invitation",
      targetId: input.id,
      before: { email: before.email, role: before.role, expiresAt: before.expiresAt, lastSentAt: before.lastSentAt },
      after: { email: after.email, role: after.role, expiresAt: after.expiresAt, lastSentAt: after.lastSentAt },
    });
    return after;
  });
  const delivery = await deliverInvitation(
    { token, email: invitation.email, role: invitation.role, orgName: org.name, inviterEmail: actor.email, expiresAt },
    config,
  );
  return { invitation, ...delivery };
}
