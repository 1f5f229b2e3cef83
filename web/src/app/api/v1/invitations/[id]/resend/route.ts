import { parseInput } from "~/server/errors/app-error";
import { authenticateRequest } from "~/server/rest/authenticate-request";
import { json, restHandler } from "~/server/rest/respond";
import { resendInvitation, ZResendInvitationInput } from "~/server/services/invitations/resend-invitation";

interface RouteContext {
  params: Promise<{ id: string }>;
}

/** Issues a fresh link (the previous one stops working); `{ invitation, delivery, link }`. */
export const POST = restHandler(async (request: Request, context: RouteContext) => {
  const auth = await authenticateRequest(request, "invite:manage");
  const input = parseInput(ZResendInvitationInput, await context.params);
  return json(await resendInvitation(auth.org, auth.actor, auth.role, input));
});
