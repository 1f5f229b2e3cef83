import { can } from "~/server/auth/permissions";
import { parseInput } from "~/server/errors/app-error";
import { authenticateRequest } from "~/server/rest/authenticate-request";
import { json, restHandler } from "~/server/rest/respond";
import { rotateApiKey, ZRotateApiKeyInput } from "~/server/services/api-keys/rotate-api-key";

interface RouteContext {
  params: Promise<{ id: string }>;
}

/** Returns `{ apiKey, secret }` with a new secret for the same key; the old secret fails at once. */
export const POST = restHandler(async (request: Request, context: RouteContext) => {
  const auth = await authenticateRequest(request, "apiKey:write");
  const input = parseInput(ZRotateApiKeyInput, await context.params);
  return json(await rotateApiKey(auth.org.id, auth.actor, input, { onlyOwnKeys: !can(auth.role, "apiKey:manage") }));
});
