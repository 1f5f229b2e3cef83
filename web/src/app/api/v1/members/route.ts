import { authenticateRequest } from "~/server/rest/authenticate-request";
import { json, restHandler } from "~/server/rest/respond";
import { listMembers } from "~/server/services/members/list-members";

export const GET = restHandler(async (request: Request) => {
  const auth = await authenticateRequest(request, "org:read");
  return json({ items: await listMembers(auth.org.id) });
});
