import { AppError, parseInput } from "~/server/errors/app-error";
import { authenticateRequest } from "~/server/rest/authenticate-request";
import { json, readJson, restHandler } from "~/server/rest/respond";
import {
  deleteVirtualServer,
  ZDeleteVirtualServerInput,
} from "~/server/services/virtual-servers/delete-virtual-server";
import { getVirtualServer, ZGetVirtualServerInput } from "~/server/services/virtual-servers/get-virtual-server";
import {
  updateVirtualServer,
  ZUpdateVirtualServerInput,
} from "~/server/services/virtual-servers/update-virtual-server";

interface RouteContext {
  params: Promise<{ id: string }>;
}

export const GET = restHandler(async (request: Request, context: RouteContext) => {
  const auth = await authenticateRequest(request, "virtualServer:read");
  const input = parseInput(ZGetVirtualServerInput, await context.params);
  return json(await getVirtualServer(auth.org.id, input));
});

/** Partial update: absent fields stay; `entries`, when present, replaces the whole list. */
export const PUT = restHandler(async (request: Request, context: RouteContext) => {
  const auth = await authenticateRequest(request, "virtualServer:write");
  const body = await readJson(request);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AppError("VALIDATION_ERROR", "Request body must be a JSON object", {
      fields: { _body: "Expected an object" },
    });
  }
  const input = parseInput(ZUpdateVirtualServerInput, { ...body, id: (await context.params).id });
  return json(await updateVirtualServer(auth.org.id, auth.actor, input));
});

export const DELETE = restHandler(async (request: Request, context: RouteContext) => {
  const auth = await authenticateRequest(request, "virtualServer:write");
  const input = parseInput(ZDeleteVirtualServerInput, await context.params);
  return json({ ...(await deleteVirtualServer(auth.org.id, auth.actor, input)), deleted: true });
});
