import "server-only";
import { AppError } from "~/server/errors/app-error";
import { resolveMembership, type TMembership } from "./resolve-membership";

/** The membership to switch the session to; an org the user is not in is NOT_FOUND, like a missing one. */
export async function switchOrg(userId: string, orgId: string): Promise<TMembership> {
  const membership = await resolveMembership({ userId, orgId });
  if (!membership) throw AppError.notFound("Organization");
  return membership;
}
