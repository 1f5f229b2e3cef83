import "server-only";
import type { TRole } from "~/server/auth/permissions";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import type { TOrg } from "~/server/services/orgs/org-select";
import { claimInvitation, findInvitationByToken, unusableInvitation } from "./invitation-token";
import type { TInvitationTokenInput } from "./preview-invitation";

export interface TAcceptedInvitation {
  org: TOrg;
  role: TRole;
}

/** A signed-in user accepts an invitation sent to their own email; the link then stops working. */
export async function acceptInvitation(
  userId: string,
  actor: Omit<TActor, "userId" | "email">,
  input: TInvitationTokenInput,
): Promise<TAcceptedInvitation> {
  return db.$transaction(async (tx) => {
    const invitation = await findInvitationByToken(tx, input.token);
    if (invitation.status !== "pending") throw unusableInvitation(invitation.status);
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true } });
    if (user.email.toLowerCase() !== invitation.email.toLowerCase()) {
      throw new AppError(
        "FORBIDDEN",
        `This invitation was sent to ${invitation.email}, but you are signed in as ${user.email}`,
      );
    }
    const existing = await tx.membership.findUnique({
      where: { orgId_userId: { orgId: invitation.orgId, userId } },
      select: { id: true },
    });
    if (existing) throw new AppError("CONFLICT", `You are already a member of ${invitation.org.name}`);
    await claimInvitation(tx, invitation.id);
    await tx.membership.create({
      data: { orgId: invitation.orgId, userId, role: invitation.role },
      select: { id: true },
    });
    await recordAudit(tx, {
      orgId: invitation.orgId,
      actor: { ...actor, userId, email: user.email },
      action: "invitation.accept",
      targetType: "invitation",
      targetId: invitation.id,
      after: { userId, email: user.email, role: invitation.role },
    });
    return { org: invitation.org, role: invitation.role };
  });
}
