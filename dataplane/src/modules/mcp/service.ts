// The client-facing MCP transports of the data plane, wired once: the shared edge (auth, route,
// origin, body, session binding), and one handler per transport. Every transport serves every URL
// family (see endpoints.ts); every message runs through the same chain.
import type { DbPool } from "../../db/pool.ts";
import type { Logger } from "../../lib/logger.ts";
import type { FastLane } from "../../mcp/fast-lane/fast-lane.ts";
import type { SessionManager } from "../../mcp/session-manager.ts";
import type { StatelessDispatcher } from "../../mcp/stateless-dispatcher.ts";
import type { LastUsedTracker } from "../auth/last-used.ts";
import type { ApiKeyAuthenticator } from "../auth/service.ts";
import type { RequestLogWriter } from "../request-logs/service.ts";
import type { NamespaceDirectory } from "../routing/service.ts";
import { McpEdge } from "./edge.ts";
import { type EndpointFamily, endpointFamilies, RootNamespaces } from "./endpoints.ts";
import { LegacySseHandler, type LegacySseOptions } from "./legacy-sse.ts";
import { OperatorHandler } from "./operator.ts";
import { RpcHandler } from "./rpc.ts";
import { StreamableHttpHandler } from "./streamable-http.ts";
import { WebSocketHandler } from "./websocket.ts";

export interface McpHttpDeps {
  auth: ApiKeyAuthenticator;
  directory: NamespaceDirectory;
  sessions: SessionManager;
  dispatcher: StatelessDispatcher;
  lastUsed: LastUsedTracker;
  logs: RequestLogWriter;
  logger: Logger;
  pool: DbPool;
  allowedOrigins: string[];
  cache: { ttlMs: number; strict: () => boolean };
  sse?: LegacySseOptions;
  /** Keepalive comments on quiet Streamable HTTP event streams (OMNIMESH_SSE_KEEPALIVE_MS). */
  sseKeepAliveMs?: number;
  /** FAST-LANE HOOK: the fast lane of session calls (mcp/fast-lane), every session transport; null when off. */
  fastLane?: FastLane | null;
}

export class McpHttpService {
  readonly edge: McpEdge;
  readonly roots: RootNamespaces;
  readonly families: EndpointFamily[];
  readonly streamableHttp: StreamableHttpHandler;
  readonly sse: LegacySseHandler;
  readonly websocket: WebSocketHandler;
  readonly rpc: RpcHandler;
  readonly operator: OperatorHandler;

  constructor(readonly deps: McpHttpDeps) {
    this.edge = new McpEdge(deps);
    this.roots = new RootNamespaces(deps.pool, deps.cache);
    this.families = endpointFamilies(deps.directory, this.roots);
    this.streamableHttp = new StreamableHttpHandler(
      this.edge,
      deps.dispatcher,
      deps.fastLane ?? null,
      deps.sseKeepAliveMs,
    );
    // FAST-LANE HOOK: legacy SSE and WebSocket messages reach it in SessionManager.dispatch.
    deps.sessions.fastLane = deps.fastLane ?? null;
    this.sse = new LegacySseHandler(this.edge, deps.sse);
    this.websocket = new WebSocketHandler(this.edge);
    this.rpc = new RpcHandler(this.edge, deps.dispatcher);
    this.operator = new OperatorHandler(deps.auth, this.edge, this.websocket, deps.allowedOrigins);
  }
}
