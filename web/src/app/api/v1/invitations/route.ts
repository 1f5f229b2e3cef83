import { parseInput } from "~/server/errors/app-error";
import { authenticateRequest } from "~/server/rest/authenticate-request";
import { json, readJson, restHandler } from "~/server/rest/respond";
import { createInvitation, ZCreateInvitationInput } from "~/server/services/invitations/create-invitation";
import { listInvitations } from "~/server/services/invitations/list-invitations";

export const GET = restHandler(async (request: Request) => {
  const auth = await authenticateRequest(request, "invite:manage");
  return json({ items: await listInvitations(auth.org.id) });
});

/** 201 `{ invitation, delivery, link }`; `link` is null when the invitation was mailed. */
export const POST = restHandler(async (request: Request) => {
  const auth = await authenticateRequest(request, "invite:manage");
  const input = parseInput(ZCreateInvitationInput, await readJson(request));
  return json(await createInvitation(auth.org, auth.actor, auth.role, input), 201);
});
