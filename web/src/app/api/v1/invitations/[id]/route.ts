import { parseInput } from "~/server/errors/app-error";
import { authenticateRequest } from "~/server/rest/authenticate-request";
import { json, restHandler } from "~/server/rest/respond";
import { revokeInvitation, ZRevokeInvitationInput } from "~/server/services/invitations/revoke-invitation";

interface RouteContext {
  params: Promise<{ id: string }>;
}

/** Revokes the invitation (the row stays, with status "revoked", for the record). */
export const DELETE = restHandler(async (request: Request, context: RouteContext) => {
  const auth = await authenticateRequest(request, "invite:manage");
  const input = parseInput(ZRevokeInvitationInput, await context.params);
  return json(await revokeInvitation(auth.org.id, auth.actor, input));
});
