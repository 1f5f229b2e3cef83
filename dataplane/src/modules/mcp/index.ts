// The MCP client transports, under every URL family (/ns/:org/:ns, /servers/:id, /virtual/:id, and
// the root for single-namespace keys): mcp (Streamable HTTP), sse + messages (legacy HTTP+SSE), ws
// (WebSocket), rpc (plain JSON-RPC). POST bodies are not parsed by Elysia: the edge reads them once,
// so it can report exact sizes and answer bad JSON with a JSON-RPC error.
import type { Server } from "bun";
import { Elysia } from "elysia";
import { normalizeIp } from "../../lib/ip.ts";
import type { Endpoint } from "./edge.ts";
import type { McpHttpService } from "./service.ts";

type HttpServer =
  | (Pick<Server<unknown>, "upgrade" | "timeout"> & { requestIP(request: Request): { address: string } | null })
  | null;

interface RouteContext {
  request: Request;
  params: Record<string, string>;
  server: HttpServer;
}

function clientIp(request: Request, server: HttpServer): string | null {
  const ip = server?.requestIP(request)?.address;
  return ip ? normalizeIp(ip) : null;
}

/**
 * An event stream must outlive Bun's idleTimeout (60 s, index.ts), which in Bun closes a connection
 * whose response is still streaming, writes or not: it is switched off for that request. Quiet streams
 * carry keepalive comments instead (lib/sse-keepalive.ts, legacy SSE), which also find dead clients.
 */
function keepOpen(context: RouteContext, response: unknown): unknown {
  if (response instanceof Response && response.headers.get("content-type")?.startsWith("text/event-stream")) {
    context.server?.timeout(context.request, 0);
  }
  return response;
}

export function mcpModule(service: McpHttpService) {
  const op = service.operator;
  // Operator endpoints first: /mcp/status must not be read as the root family's /mcp.
  const app = new Elysia({ name: "mcp" })
    .get("/mcp/status", ({ request }) => op.status(request, "streamable-http"))
    .get("/sse/status", ({ request }) => op.status(request, "sse"))
    .get("/ws/status", ({ request }) => op.status(request, "websocket"))
    .get("/mcp/capabilities", ({ request }) => op.capabilities(request))
    .post("/sse/broadcast", ({ request }) => op.broadcast(request, "sse"), { parse: "none" })
    .post("/ws/broadcast", ({ request }) => op.broadcast(request, "websocket"), { parse: "none" })
    .post("/ws/ping", ({ request }) => op.ping(request), { parse: "none" })
    .delete("/ws/close", ({ request }) => op.close(request), { parse: "none" });
  for (const family of service.families) {
    const p = family.prefix;
    // Each handler gets the request, the family's endpoint for its params, and the client's IP.
    const route =
      (handler: (request: Request, endpoint: Endpoint, ip: string | null, context: RouteContext) => unknown) =>
      async (context: RouteContext) =>
        keepOpen(
          context,
          await handler(
            context.request,
            family.endpoint(context.params),
            clientIp(context.request, context.server),
            context,
          ),
        );
    const streamable = route((request, endpoint, ip) => service.streamableHttp.handle(request, endpoint, ip));
    app
      .post(`${p}/mcp`, streamable as never, { parse: "none" })
      .get(`${p}/mcp`, streamable as never)
      .delete(`${p}/mcp`, streamable as never, { parse: "none" })
      .get(`${p}/sse`, route((request, endpoint, ip) => service.sse.open(request, endpoint, ip)) as never)
      .post(`${p}/messages`, route((request, endpoint, ip) => service.sse.post(request, endpoint, ip)) as never, {
        parse: "none",
      })
      .get(
        `${p}/sse/replay/:sessionId`,
        route((request, endpoint, ip, context) =>
          service.sse.replay(request, endpoint, context.params.sessionId ?? "", ip),
        ) as never,
      )
      .get(
        `${p}/ws`,
        route((request, endpoint, ip, context) =>
          service.websocket.upgrade(request, endpoint, ip, context.server),
        ) as never,
      )
      .post(`${p}/rpc`, route((request, endpoint, ip) => service.rpc.single(request, endpoint, ip)) as never, {
        parse: "none",
      })
      .post(`${p}/rpc/batch`, route((request, endpoint, ip) => service.rpc.batch(request, endpoint, ip)) as never, {
        parse: "none",
      })
      .get(
        `${p}/rpc/introspection`,
        route((request, endpoint, ip) => service.rpc.introspection(request, endpoint, ip)) as never,
      );
  }
  return app;
}
