import { parseInput } from "~/server/errors/app-error";
import { authenticateRequest } from "~/server/rest/authenticate-request";
import { json, readJson, restHandler } from "~/server/rest/respond";
import { createNamespace, ZCreateNamespaceInput } from "~/server/services/namespaces/create-namespace";
import { namespaceEndpointUrl } from "~/server/services/namespaces/endpoint-url";
import { listNamespaces } from "~/server/services/namespaces/list-namespaces";

export const GET = restHandler(async (request: Request) => {
  const auth = await authenticateRequest(request, "namespace:read");
  const namespaces = await listNamespaces(auth.org.id);
  return json({
    items: namespaces.map((ns) => ({ ...ns, endpointUrl: namespaceEndpointUrl(auth.org.slug, ns.slug) })),
  });
});

export const POST = restHandler(async (request: Request) => {
  const auth = await authenticateRequest(request, "namespace:write");
  const input = parseInput(ZCreateNamespaceInput, await readJson(request));
  const ns = await createNamespace(auth.org.id, auth.actor, input);
  return json({ ...ns, endpointUrl: namespaceEndpointUrl(auth.org.slug, ns.slug) }, 201);
});
