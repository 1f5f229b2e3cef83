// Composes the HTTP app from feature modules. Tests call `createApp(dataplane).handle(new Request(…))`
// or listen on port 0.
import { Elysia } from "elysia";
import type { Dataplane } from "./dataplane.ts";
import { AppError } from "./lib/app-error.ts";
import { healthModule } from "./modules/health/index.ts";
import { mcpModule } from "./modules/mcp/index.ts";
import { stdioModule } from "./modules/stdio/index.ts";
import { StdioBridgeService } from "./modules/stdio/service.ts";

export function createApp(dataplane: Dataplane) {
  return new Elysia({
    name: "omnimesh-dataplane",
    // MCP over WebSocket: Bun pings idle sockets and drops the ones that stop answering.
    websocket: { idleTimeout: 60, sendPings: true, maxPayloadLength: 4 * 1024 * 1024 },
  })
    .onError(({ code, error, set }) => {
      if (error instanceof AppError) {
        set.status = error.status;
        Object.assign(set.headers, error.headers);
        return { error: { code: error.code, message: error.message } };
      }
      if (code === "NOT_FOUND") {
        set.status = 404;
        return { error: { code: "NOT_FOUND", message: "Route not found" } };
      }
      if (code === "PARSE" || code === "VALIDATION") {
        set.status = 400;
        return { error: { code: "BAD_REQUEST", message: String((error as Error).message) } };
      }
      dataplane.logger.error("unhandled error", { error: String(error) });
      set.status = 500;
      return { error: { code: "INTERNAL", message: "Internal error" } };
    })
    .use(
      healthModule({
        pool: dataplane.pool,
        listener: dataplane.listener,
        logs: dataplane.logs,
        sessions: dataplane.sessions,
        upstreams: dataplane.upstreams,
        rateLimiterKind: dataplane.rateLimiter.kind,
        startedAt: dataplane.startedAt,
      }),
    )
    .use(mcpModule(dataplane.mcp))
    .use(
      stdioModule(
        new StdioBridgeService({
          auth: dataplane.auth,
          directory: dataplane.directory,
          upstreams: dataplane.upstreams,
          logs: dataplane.logs,
          lastUsed: dataplane.lastUsed,
          pool: dataplane.pool,
        }),
      ),
    );
}

export type App = ReturnType<typeof createApp>;
