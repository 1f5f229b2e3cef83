import { createRoute, listRoute } from "~/server/rest/resource-routes";
import {
  createVirtualServer,
  ZCreateVirtualServerInput,
} from "~/server/services/virtual-servers/create-virtual-server";
import { listVirtualServers, ZListVirtualServersInput } from "~/server/services/virtual-servers/list-virtual-servers";

// REST callers may name the namespace by slug (`namespace`) instead of `namespaceId`.
export const GET = listRoute("virtualServer:read", ZListVirtualServersInput, listVirtualServers, {
  namespaceBySlug: true,
});
export const POST = createRoute("virtualServer:write", ZCreateVirtualServerInput, createVirtualServer, {
  namespaceBySlug: true,
});
