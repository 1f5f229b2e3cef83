// The MCP Streamable HTTP endpoints: a namespace's (/ns/:org/:ns/mcp) and one server's
// (/servers/:serverId/mcp). The body is not parsed by Elysia: the service
// reads it once, so it can report exact sizes and answer bad JSON with a JSON-RPC error.
import { Elysia } from "elysia";
import { normalizeIp } from "../../lib/ip.ts";
import type { McpHttpService } from "./service.ts";

type HttpServer = { requestIP(request: Request): { address: string } | null } | null;

function clientIp(request: Request, server: HttpServer): string | null {
  const ip = server?.requestIP(request)?.address;
  return ip ? normalizeIp(ip) : null;
}

export function mcpModule(service: McpHttpService) {
  const handler = ({
    request,
    params,
    server,
  }: {
    request: Request;
    params: { orgSlug: string; namespaceSlug: string };
    server: HttpServer;
  }) => service.handle(request, params.orgSlug, params.namespaceSlug, clientIp(request, server));
  const serverHandler = ({
    request,
    params,
    server,
  }: {
    request: Request;
    params: { serverId: string };
    server: HttpServer;
  }) => service.handleServer(request, params.serverId, clientIp(request, server));
  return new Elysia({ name: "mcp" })
    .post("/ns/:orgSlug/:namespaceSlug/mcp", handler, { parse: "none" })
    .get("/ns/:orgSlug/:namespaceSlug/mcp", handler)
    .delete("/ns/:orgSlug/:namespaceSlug/mcp", handler, { parse: "none" })
    .post("/servers/:serverId/mcp", serverHandler, { parse: "none" })
    .get("/servers/:serverId/mcp", serverHandler)
    .delete("/servers/:serverId/mcp", serverHandler, { parse: "none" });
}
