import "server-only";
import { z } from "zod";
import { canGrant, type TRole } from "~/server/auth/permissions";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZEmail } from "~/server/services/auth/verify-credentials";
import { ZRole } from "~/server/services/members/member-select";
import { defaultDeliveryConfig, deliverInvitation, type TDelivery, type TDeliveryConfig } from "./deliver-invitation";
import { invitationSelect, type TInvitation, toInvitation } from "./invitation-select";
import { newInvitationToken } from "./invitation-token";

export const ZCreateInvitationInput = z.object({ email: ZEmail, role: ZRole.default("member") });
export type TCreateInvitationInput = z.output<typeof ZCreateInvitationInput>;

export type TInvitationSent = { invitation: TInvitation } & TDelivery;

export function assertCanGrant(actorRole: TRole, role: TRole): void {
  if (!canGrant(actorRole, role)) {
    throw new AppError("FORBIDDEN", `Your role (${actorRole}) cannot invite or make an ${role}`, {
      fields: { role: `Choose a role no higher than ${actorRole}` },
    });
  }
}

/** Invites an email with a role no higher than the caller's; mails the link when SMTP is configured. */
export async function createInvitation(
  org: { id: string; name: string },
  actor: TActor,
  actorRole: TRole,
  input: TCreateInvitationInput,
  config: TDeliveryConfig = defaultDeliveryConfig(),
): Promise<TInvitationSent> {
  assertCanGrant(actorRole, input.role);
  const { token, tokenHash, expiresAt } = newInvitationToken();
  const invitation = await db.$transaction(async (tx) => {
    const member = await tx.membership.findFirst({
      where: { orgId: org.id, user: { email: input.email } },
      select: { id: true },
    });
    if (member) {
      throw new AppError("CONFLICT", `${input.email} is already a member`, { fields: { email: "Already a member" } });
    }
    const open = await tx.invitation.findFirst({
      where: { orgId: org.id, email: input.email, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      select: { id: true },
    });
    if (open) {
      throw new AppError("CONFLICT", `${input.email} already has a pending invitation; resend it instead`, {
        fields: { email: "Already invited" },
      });
    }
    const created = toInvitation(
      await tx.invitation.create({
        data: { orgId: org.id, email: input.email, role: input.role, tokenHash, expiresAt, invitedById: actor.userId },
        select: invitationSelect,
      }),
    );
    await recordAudit(tx, {
      orgId: org.id,
      actor,
      action: "invitation.create",
      targetType: "invitation",
      targetId: created.id,
      after: { email: created.email, role: created.role, expiresAt: created.expiresAt },
    });
    return created;
  });
  const delivery = await deliverInvitation(
    { token, email: input.email, role: input.role, orgName: org.name, inviterEmail: actor.email, expiresAt },
    config,
  );
  return { invitation, ...delivery };
}
