import "server-only";
import { hashPassword } from "@omnimesh/db/password";
import type { z } from "zod";
import { db } from "~/server/db";
import { AppError, isUniqueViolation } from "~/server/errors/app-error";
import { rateLimit } from "~/server/rate-limit";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZSignUpInput } from "~/server/services/auth/sign-up";
import type { TAcceptedInvitation } from "./accept-invitation";
import { ZInvitationToken } from "./invitation-select";
import { claimInvitation, findInvitationByToken, unusableInvitation } from "./invitation-token";

// The email is the invitation's: whoever holds the link signs up as the invited address, nothing else.
export const ZSignUpWithInvitationInput = ZSignUpInput.pick({ name: true, password: true }).extend({
  token: ZInvitationToken,
});
export type TSignUpWithInvitationInput = z.output<typeof ZSignUpWithInvitationInput>;

const SIGNUP_IP_LIMIT = { limit: 20, windowSeconds: 60 * 60 };

const accountExists = () =>
  new AppError("CONFLICT", "An account with this email already exists; log in to accept the invitation");

/**
 * A new user signs up through an invitation link: the account and its membership in the inviting org are
 * created in one transaction (no personal org), and the link is used up.
 */
export async function signUpWithInvitation(
  input: TSignUpWithInvitationInput,
  actor: Omit<TActor, "userId" | "email">,
): Promise<{ user: { id: string; email: string; name: string } } & TAcceptedInvitation> {
  const limited = await rateLimit(
    `signup:ip:${actor.ip ?? "unknown"}`,
    SIGNUP_IP_LIMIT.limit,
    SIGNUP_IP_LIMIT.windowSeconds,
  );
  if (!limited.allowed) {
    throw new AppError("RATE_LIMITED", "Too many sign-ups from this address", { retryAfter: limited.retryAfter });
  }
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const invitation = await findInvitationByToken(tx, input.token);
      if (invitation.status !== "pending") throw unusableInvitation(invitation.status);
      if (await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } })) throw accountExists();
      await claimInvitation(tx, invitation.id);
      const user = await tx.user.create({
        data: {
          email: invitation.email,
          name: input.name,
          passwordHash,
          memberships: { create: { orgId: invitation.orgId, role: invitation.role } },
        },
        select: { id: true, email: true, name: true },
      });
      await recordAudit(tx, {
        orgId: invitation.orgId,
        actor: { ...actor, userId: user.id, email: user.email },
        action: "invitation.accept",
        targetType: "invitation",
        targetId: invitation.id,
        after: { userId: user.id, email: user.email, role: invitation.role, signedUp: true },
      });
      return { user, org: invitation.org, role: invitation.role };
    });
  } catch (error) {
    // A concurrent sign-up took the email between the check and the insert.
    if (isUniqueViolation(error)) throw accountExists();
    throw error;
  }
}
