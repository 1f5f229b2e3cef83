import { AppError, parseInput } from "~/server/errors/app-error";
import { authenticateRequest } from "~/server/rest/authenticate-request";
import { json, readJson, restHandler } from "~/server/rest/respond";
import { createOrg, ZCreateOrgInput } from "~/server/services/orgs/create-org";
import { listUserOrgs } from "~/server/services/orgs/list-user-orgs";

/** A user's token lists every org of that user; an API key belongs to one org and sees only that one. */
export const GET = restHandler(async (request: Request) => {
  const auth = await authenticateRequest(request, "org:read");
  if (auth.via === "api_key") return json({ items: [{ ...auth.org, role: auth.role }] });
  return json({ items: await listUserOrgs(auth.actor.userId ?? "") });
});

export const POST = restHandler(async (request: Request) => {
  const auth = await authenticateRequest(request, "org:create");
  // A new org gets an owner: that must be a person, not an org-bound API key.
  if (auth.via === "api_key" || !auth.actor.userId) {
    throw new AppError("FORBIDDEN", "Creating an organization needs a user's access token, not an API key");
  }
  const input = parseInput(ZCreateOrgInput, await readJson(request));
  const org = await createOrg(auth.actor.userId, auth.actor, input);
  return json({ ...org, role: "owner" }, 201);
});
