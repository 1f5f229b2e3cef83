import { parseInput } from "~/server/errors/app-error";
import { authenticateRequest } from "~/server/rest/authenticate-request";
import { json, queryObject, readJson, restHandler } from "~/server/rest/respond";
import { getNamespace } from "~/server/services/namespaces/get-namespace";
import {
  createVirtualServer,
  ZCreateVirtualServerInput,
} from "~/server/services/virtual-servers/create-virtual-server";
import { listVirtualServers, ZListVirtualServersInput } from "~/server/services/virtual-servers/list-virtual-servers";

/** REST callers may name the namespace by slug (`namespace`) instead of `namespaceId`. */
async function withNamespaceId(orgId: string, input: unknown): Promise<unknown> {
  if (typeof input !== "object" || input === null || !("namespace" in input) || "namespaceId" in input) return input;
  const { namespace, ...rest } = input as { namespace: unknown };
  if (typeof namespace !== "string") return input;
  const ns = await getNamespace(orgId, { slug: namespace });
  return { ...rest, namespaceId: ns.id };
}

export const GET = restHandler(async (request: Request) => {
  const auth = await authenticateRequest(request, "virtualServer:read");
  const input = parseInput(ZListVirtualServersInput, await withNamespaceId(auth.org.id, queryObject(request)));
  return json({ items: await listVirtualServers(auth.org.id, input) });
});

export const POST = restHandler(async (request: Request) => {
  const auth = await authenticateRequest(request, "virtualServer:write");
  const input = parseInput(ZCreateVirtualServerInput, await withNamespaceId(auth.org.id, await readJson(request)));
  return json(await createVirtualServer(auth.org.id, auth.actor, input), 201);
});
