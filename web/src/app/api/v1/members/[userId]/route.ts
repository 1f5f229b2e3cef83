import { parseInput } from "~/server/errors/app-error";
import { authenticateRequest } from "~/server/rest/authenticate-request";
import { json, readJson, restHandler } from "~/server/rest/respond";
import { removeMember, ZRemoveMemberInput } from "~/server/services/members/remove-member";
import { updateMemberRole, ZUpdateMemberRoleInput } from "~/server/services/members/update-member-role";

interface RouteContext {
  params: Promise<{ userId: string }>;
}

/** Body `{ "role": "owner" | "admin" | "member" | "viewer" }`. */
export const PATCH = restHandler(async (request: Request, context: RouteContext) => {
  const auth = await authenticateRequest(request, "member:manage");
  const body = (await readJson(request)) as Record<string, unknown>;
  const input = parseInput(ZUpdateMemberRoleInput, { ...body, userId: (await context.params).userId });
  return json(await updateMemberRole(auth.org.id, auth.actor, auth.role, input));
});

export const DELETE = restHandler(async (request: Request, context: RouteContext) => {
  const auth = await authenticateRequest(request, "member:manage");
  const input = parseInput(ZRemoveMemberInput, await context.params);
  return json({ ...(await removeMember(auth.org.id, auth.actor, auth.role, input)), removed: true });
});
