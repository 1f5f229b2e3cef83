import "server-only";
import { db } from "~/server/db";
import { AppError, parseInput } from "~/server/errors/app-error";
import { previewInvitation, type TInvitationPreview, ZInvitationTokenInput } from "./preview-invitation";

export type TInvitePageState =
  | { kind: "invalid"; message: string }
  | { kind: "invitation"; invitation: TInvitationPreview; signedInEmail: string | null };

/** What the /invite/<token> page shows: the invitation (any status), or why the link is not usable at all. */
export async function loadInvitePage(token: string, userId: string | null): Promise<TInvitePageState> {
  let invitation: TInvitationPreview;
  try {
    invitation = await previewInvitation(parseInput(ZInvitationTokenInput, { token }));
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION_ERROR")) {
      return { kind: "invalid", message: error.message };
    }
    throw error;
  }
  const user = userId ? await db.user.findUnique({ where: { id: userId }, select: { email: true } }) : null;
  return { kind: "invitation", invitation, signedInEmail: user?.email ?? null };
}
