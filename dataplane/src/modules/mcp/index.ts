// The MCP Streamable HTTP endpoint of a namespace. The body is not parsed by Elysia: the service
// reads it once, so it can report exact sizes and answer bad JSON with a JSON-RPC error.
import { Elysia } from "elysia";
import { normalizeIp } from "../../lib/ip.ts";
import type { McpHttpService } from "./service.ts";

export function mcpModule(service: McpHttpService) {
  const handler = ({
    request,
    params,
    server,
  }: {
    request: Request;
    params: { orgSlug: string; namespaceSlug: string };
    server: { requestIP(request: Request): { address: string } | null } | null;
  }) => {
    const ip = server?.requestIP(request)?.address;
    return service.handle(request, params.orgSlug, params.namespaceSlug, ip ? normalizeIp(ip) : null);
  };
  return new Elysia({ name: "mcp" })
    .post("/ns/:orgSlug/:namespaceSlug/mcp", handler, { parse: "none" })
    .get("/ns/:orgSlug/:namespaceSlug/mcp", handler)
    .delete("/ns/:orgSlug/:namespaceSlug/mcp", handler, { parse: "none" });
}
