import { AppError, parseInput } from "~/server/errors/app-error";
import { authenticateRequest, type TRestAuth } from "~/server/rest/authenticate-request";
import { json, readJson, restHandler } from "~/server/rest/respond";
import { deleteOrg, ZDeleteOrgInput } from "~/server/services/orgs/delete-org";
import { updateOrg, ZUpdateOrgInput } from "~/server/services/orgs/update-org";

interface RouteContext {
  params: Promise<{ id: string }>;
}

/** A token or key acts in one org: any other id answers 404, like an org that does not exist. */
async function ownOrgId(auth: TRestAuth, context: RouteContext): Promise<string> {
  const { id } = await context.params;
  if (id !== auth.org.id) throw AppError.notFound("Organization");
  return id;
}

export const PATCH = restHandler(async (request: Request, context: RouteContext) => {
  const auth = await authenticateRequest(request, "org:update");
  const orgId = await ownOrgId(auth, context);
  const input = parseInput(ZUpdateOrgInput, await readJson(request));
  return json(await updateOrg(orgId, auth.actor, input));
});

/** Body `{ "confirmSlug": "<the org's slug>" }`: the same confirmation the UI asks for. */
export const DELETE = restHandler(async (request: Request, context: RouteContext) => {
  const auth = await authenticateRequest(request, "org:delete");
  const orgId = await ownOrgId(auth, context);
  const input = parseInput(ZDeleteOrgInput, await readJson(request));
  return json({ ...(await deleteOrg(orgId, auth.actor, input)), deleted: true });
});
