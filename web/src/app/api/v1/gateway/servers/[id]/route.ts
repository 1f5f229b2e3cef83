import { parseInput } from "~/server/errors/app-error";
import { authenticateRequest } from "~/server/rest/authenticate-request";
import { json, restHandler } from "~/server/rest/respond";
import { deleteServer, ZDeleteServerInput } from "~/server/services/servers/delete-server";
import { getServer, ZGetServerInput } from "~/server/services/servers/get-server";

interface RouteContext {
  params: Promise<{ id: string }>;
}

export const GET = restHandler(async (request: Request, context: RouteContext) => {
  const auth = await authenticateRequest(request, "server:read");
  const input = parseInput(ZGetServerInput, await context.params);
  return json(await getServer(auth.org.id, input));
});

export const DELETE = restHandler(async (request: Request, context: RouteContext) => {
  const auth = await authenticateRequest(request, "server:write");
  const input = parseInput(ZDeleteServerInput, await context.params);
  return json({ ...(await deleteServer(auth.org.id, auth.actor, input)), deleted: true });
});
