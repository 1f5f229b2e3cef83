import { can } from "~/server/auth/permissions";
import { parseInput } from "~/server/errors/app-error";
import { authenticateRequest } from "~/server/rest/authenticate-request";
import { json, readJson, restHandler } from "~/server/rest/respond";
import { renameApiKey, ZRenameApiKeyInput } from "~/server/services/api-keys/rename-api-key";
import { revokeApiKey, ZRevokeApiKeyInput } from "~/server/services/api-keys/revoke-api-key";

interface RouteContext {
  params: Promise<{ id: string }>;
}

/** Renames the key: `{ "name": "…" }`. */
export const PATCH = restHandler(async (request: Request, context: RouteContext) => {
  const auth = await authenticateRequest(request, "apiKey:write");
  const body = await readJson(request);
  const input = parseInput(ZRenameApiKeyInput, {
    ...(typeof body === "object" && body !== null ? body : {}),
    id: (await context.params).id,
  });
  return json(await renameApiKey(auth.org.id, auth.actor, input, { onlyOwnKeys: !can(auth.role, "apiKey:manage") }));
});

/** Revokes the key at once; revoking twice answers the same revoked key. */
export const DELETE = restHandler(async (request: Request, context: RouteContext) => {
  const auth = await authenticateRequest(request, "apiKey:write");
  const input = parseInput(ZRevokeApiKeyInput, await context.params);
  return json(await revokeApiKey(auth.org.id, auth.actor, input, { onlyOwnKeys: !can(auth.role, "apiKey:manage") }));
});
