import "server-only";
import { hashToken, randomToken } from "@omnimesh/db/crypto";
import { env } from "~/env";
import type { TDb } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { INVITATION_TTL_MS, invitationStatus, type TInvitationStatus } from "./invitation-select";

/** A fresh single-use token: only its peppered hash is stored, the token itself lives only in the link. */
export function newInvitationToken(now = new Date()): { token: string; tokenHash: string; expiresAt: Date } {
  const token = randomToken(32);
  return { token, tokenHash: hashInvitationToken(token), expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) };
}

export function hashInvitationToken(token: string): string {
  return hashToken(token, env.OMNIMESH_TOKEN_PEPPER);
}

const UNUSABLE: Record<Exclude<TInvitationStatus, "pending">, string> = {
  accepted: "This invitation has already been used",
  revoked: "This invitation was revoked; ask an admin for a new one",
  expired: "This invitation has expired; ask an admin to resend it",
};

export function unusableInvitation(status: Exclude<TInvitationStatus, "pending">): AppError {
  return new AppError("CONFLICT", UNUSABLE[status]);
}

const tokenRowSelect = {
  id: true,
  orgId: true,
  email: true,
  role: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  org: { select: { id: true, slug: true, name: true } },
} as const;

/** The invitation behind a link; an unknown token is NOT_FOUND (a resent invitation's old link is unknown). */
export async function findInvitationByToken(tx: TDb, token: string) {
  const row = await tx.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: tokenRowSelect,
  });
  if (!row)
    throw new AppError("NOT_FOUND", "This invitation link is not valid (it may have been replaced by a newer one)");
  return { ...row, status: invitationStatus(row) };
}

/**
 * Marks the invitation used, atomically: of two concurrent accepts only one updates the row, so a link
 * can never create two memberships.
 */
export async function claimInvitation(tx: TDb, id: string, now = new Date()): Promise<void> {
  const claimed = await tx.invitation.updateMany({
    where: { id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { acceptedAt: now },
  });
  if (claimed.count === 1) return;
  const row = await tx.invitation.findUniqueOrThrow({
    where: { id },
    select: { acceptedAt: true, revokedAt: true, expiresAt: true },
  });
  const status = invitationStatus(row, now);
  throw unusableInvitation(status === "pending" ? "accepted" : status);
}
