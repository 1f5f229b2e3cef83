import { createRoute, listRoute } from "~/server/rest/resource-routes";
import { createServer, ZCreateServerInput } from "~/server/services/servers/create-server";
import { listServers, ZListServersInput } from "~/server/services/servers/list-servers";

// REST callers may name the namespace by slug (`namespace`) instead of `namespaceId`.
export const GET = listRoute("server:read", ZListServersInput, listServers, { namespaceBySlug: true });
export const POST = createRoute("server:write", ZCreateServerInput, createServer, { namespaceBySlug: true });
