import "server-only";
import { z } from "zod";
import type { TRole } from "~/server/auth/permissions";
import { db } from "~/server/db";
import type { TInvitationStatus } from "./invitation-select";
import { ZInvitationToken } from "./invitation-select";
import { findInvitationByToken } from "./invitation-token";

export const ZInvitationTokenInput = z.object({ token: ZInvitationToken });
export type TInvitationTokenInput = z.output<typeof ZInvitationTokenInput>;

export interface TInvitationPreview {
  org: { name: string };
  email: string;
  role: TRole;
  status: TInvitationStatus;
  expiresAt: Date;
  /** Whether the invited email already has an account: the page offers log-in instead of sign-up. */
  accountExists: boolean;
}

/** What the holder of an invitation link may see: the org's name, the invited email, the role and the status. */
export async function previewInvitation(input: TInvitationTokenInput): Promise<TInvitationPreview> {
  const row = await findInvitationByToken(db, input.token);
  const user = await db.user.findUnique({ where: { email: row.email }, select: { id: true } });
  return {
    org: { name: row.org.name },
    email: row.email,
    role: row.role,
    status: row.status,
    expiresAt: row.expiresAt,
    accountExists: user !== null,
  };
}
