import { can } from "~/server/auth/permissions";
import { parseInput } from "~/server/errors/app-error";
import { authenticateRequest } from "~/server/rest/authenticate-request";
import { json, readJson, restHandler } from "~/server/rest/respond";
import { createApiKey, ZCreateApiKeyInput } from "~/server/services/api-keys/create-api-key";
import { listApiKeys } from "~/server/services/api-keys/list-api-keys";

export const GET = restHandler(async (request: Request) => {
  const auth = await authenticateRequest(request, "apiKey:read");
  return json({ items: await listApiKeys(auth.org.id) });
});

/** Returns `{ apiKey, secret }`; the secret is never shown again. */
export const POST = restHandler(async (request: Request) => {
  const auth = await authenticateRequest(request, "apiKey:write");
  const input = parseInput(ZCreateApiKeyInput, await readJson(request));
  const created = await createApiKey(auth.org.id, auth.actor, input, {
    allowAdminScope: can(auth.role, "apiKey:manage"),
  });
  return json(created, 201);
});
