import type { Prisma } from "@omnimesh/db/client";
import { z } from "zod";
import type { TRole } from "~/server/auth/permissions";

/** How long an invitation link works. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const invitationSelect = {
  id: true,
  email: true,
  role: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  lastSentAt: true,
  createdAt: true,
  invitedBy: { select: { email: true } },
} satisfies Prisma.InvitationSelect;

export type TInvitationRow = Prisma.InvitationGetPayload<{ select: typeof invitationSelect }>;

export type TInvitationStatus = "pending" | "accepted" | "revoked" | "expired";

export interface TInvitation {
  id: string;
  email: string;
  role: TRole;
  status: TInvitationStatus;
  invitedByEmail: string | null;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  lastSentAt: Date;
  createdAt: Date;
}

export function invitationStatus(
  row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now = new Date(),
): TInvitationStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt <= now ? "expired" : "pending";
}

export function toInvitation(row: TInvitationRow): TInvitation {
  const { invitedBy, ...rest } = row;
  return { ...rest, status: invitationStatus(row), invitedByEmail: invitedBy?.email ?? null };
}

export const ZInvitationId = z.string().trim().min(1, "Required").max(100);
/** The token from an invitation link (base64url of 32 random bytes). */
export const ZInvitationToken = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{20,100}$/, "This invitation link is malformed");
