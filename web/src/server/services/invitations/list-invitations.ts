import "server-only";
import { db } from "~/server/db";
import { invitationSelect, type TInvitation, toInvitation } from "./invitation-select";

const MAX_INVITATIONS = 500;

/** The org's invitations, newest first, with their status; tokens are never stored, so never listed. */
export async function listInvitations(orgId: string): Promise<TInvitation[]> {
  const rows = await db.invitation.findMany({
    where: { orgId },
    orderBy: { createdAt: "desc" },
    take: MAX_INVITATIONS,
    select: invitationSelect,
  });
  return rows.map(toInvitation);
}
