// Client sessions, whatever client transport carries them. A session is one SDK Server + one transport
// (built once per session, never per request; see client-session.ts). Every client message is
// intercepted on its way into the Server and run through the middleware chain; the Server's fallback
// handler then asks the aggregator, which talks to the upstream connections. What upstreams send on
// their own (server→client requests, notifications) comes back through server-requests.ts.
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, LoggingLevel, MessageExtraInfo, RequestId } from "@modelcontextprotocol/sdk/types.js";
import { jsonRpcErrorBody, toRpcError } from "../lib/app-error.ts";
import { errorMessage, type Logger } from "../lib/logger.ts";
import type { Principal } from "../modules/auth/model.ts";
import type { NamespaceRoute } from "../modules/routing/model.ts";
import type { SessionRowWriter } from "../modules/sessions/service.ts";
import type { NamespaceAggregator } from "./aggregator.ts";
import { callTarget } from "./call-target.ts";
import type { McpCall, McpOutcome } from "./chain.ts";
import { createHttpTransport, createSessionServer, sessionRowOf, wireSessionServer } from "./client-session.ts";
import type { FastLane } from "./fast-lane/fast-lane.ts";
import { UpstreamRouter } from "./server-requests.ts";
import type { UpstreamPool } from "./upstreams/upstream-pool.ts";

/** Per-HTTP-request context handed to the transport as `authInfo.extra`. */
export interface RequestContext {
  principal: Principal;
  route: NamespaceRoute;
  clientIp: string | null;
  /** Body size when the POST carried a single message. */
  requestBytes: number | null;
}

/** The client-facing transport a session was opened on (also the request_logs.transport value). */
export type ClientTransportKind = "streamable-http" | "sse" | "websocket";

/** JSON-RPC code a cancelled request is logged with (the client gets no response, per the spec). */
const REQUEST_CANCELLED = -32800;

export interface McpSessionState {
  id: string;
  kind: ClientTransportKind;
  apiKeyId: string;
  namespaceId: string;
  /** Set when the session was opened on /servers/:id/mcp: it only serves that endpoint. */
  serverId: string | null;
  /** The route of the session's latest message (routes are re-resolved per HTTP request). */
  route: NamespaceRoute;
  /** The SDK transport the session's Server is connected to. */
  transport: Transport;
  /** Set for Streamable HTTP sessions: the transport HTTP requests are handed to. */
  http: WebStandardStreamableHTTPServerTransport | null;
  server: Server;
  lastSeenAt: number;
  /** Requests in the chain, resolved by the response the Server sends. */
  pending: Map<RequestId, (message: JSONRPCMessage) => void>;
  /** Requests being handled upstream, and the server each went to (to route server→client requests). */
  active: Map<RequestId, { serverId: string | null; controller: AbortController }>;
  /** logging/setLevel of this session; null until the client sets one (then everything is forwarded). */
  logLevel: LoggingLevel | null;
  /** Negotiated at initialize. */
  protocolVersion: string | null;
  clientIp: string | null;
  principal: Principal;
}

export interface SessionManagerDeps {
  aggregator: NamespaceAggregator;
  upstreams: UpstreamPool;
  runChain: (call: McpCall, terminal: (call: McpCall) => Promise<McpOutcome>) => Promise<McpOutcome>;
  logger: Logger;
  /** Visibility filter for listed tools/prompts (policies), per call. */
  visibility?: (
    ctx: RequestContext,
  ) => Promise<((kind: "tool" | "prompt", exposedName: string) => boolean) | undefined>;
  /** mcp_sessions rows (buffered); omitted in tests that do not look at them. */
  sessionRows?: SessionRowWriter;
  idleTimeoutMs?: number;
}

export class SessionManager {
  private readonly sessions = new Map<string, McpSessionState>();
  private readonly sweeper: ReturnType<typeof setInterval>;
  /** FAST-LANE HOOK: set by the MCP service when the fast lane is on (mcp/fast-lane/fast-lane.ts). */
  fastLane: Pick<FastLane, "tryMessage"> | null = null;
  /** Routes what upstreams send on their own; stateless input_required calls are plugged in here. */
  readonly router: UpstreamRouter;

  constructor(private readonly deps: SessionManagerDeps) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref?.();
    const router = new UpstreamRouter(
      () => this.sessions.values(),
      (id) => this.sessions.get(id),
      deps.aggregator.subscriptions,
      deps.logger,
    );
    this.router = router;
    deps.upstreams.events = router;
    deps.upstreams.inUse = (connection) => router.inUse(connection);
  }

  get(id: string): McpSessionState | undefined {
    return this.sessions.get(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Every live session (operator endpoints, broadcast). */
  list(): McpSessionState[] {
    return [...this.sessions.values()];
  }

  /**
   * A new Streamable HTTP session; it is registered once the initialize request assigns its id.
   * Other client transports pass their own SDK transport and id (registered at once).
   */
  async create(
    principal: Principal,
    route: NamespaceRoute,
    options: { kind: ClientTransportKind; transport: Transport; id: string } | null = null,
  ): Promise<McpSessionState> {
    const http = options
      ? null
      : createHttpTransport(() => state, {
          initialized: (id) => {
            state.id = id;
            this.sessions.set(id, state);
          },
          closed: (id) => void this.close(id),
        });
    const transport: Transport = options?.transport ?? http!;
    const state: McpSessionState = {
      id: options?.id ?? "",
      kind: options?.kind ?? "streamable-http",
      apiKeyId: principal.apiKeyId,
      namespaceId: route.namespaceId,
      serverId: route.singleServer?.id ?? null,
      route,
      transport,
      http,
      server: createSessionServer(route),
      lastSeenAt: Date.now(),
      pending: new Map(),
      active: new Map(),
      logLevel: null,
      protocolVersion: null,
      clientIp: null,
      principal,
    };
    wireSessionServer(state, this.deps, () => this.sessions.values());
    await state.server.connect(transport);
    this.intercept(state);
    if (options) this.sessions.set(options.id, state);
    return state;
  }

  async close(id: string): Promise<void> {
    const state = this.sessions.get(id);
    if (!state) return;
    this.sessions.delete(id);
    this.deps.sessionRows?.close(id);
    await state.server.close().catch(() => {});
    await this.deps.aggregator.subscriptions.dropSession(id);
    for (const connection of this.deps.upstreams.list()) connection.setLogLevel(id, null);
    await this.deps.upstreams.closeSession(id);
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }

  /** Wraps the transport so each incoming message runs through the chain and each response resolves it. */
  private intercept(state: McpSessionState): void {
    const { transport } = state;
    const deliver = transport.onmessage!;
    const send = transport.send.bind(transport);
    transport.send = (message, options) => {
      // A message about a request already answered (e.g. the cancellation of a server→client request
      // that outlived the call) cannot use that request's stream any more: send it standalone.
      const related = options?.relatedRequestId;
      if (related !== undefined && !state.pending.has(related) && !state.active.has(related)) {
        options = { ...options, relatedRequestId: undefined };
      }
      // Plain checks, no zod: every message the session sends passes here (the Server's and the fast lane's).
      const sent = message as { method?: unknown; id?: RequestId; result?: Record<string, unknown>; error?: unknown };
      if (sent.method === undefined && (sent.result !== undefined || sent.error !== undefined)) {
        const resolve = sent.id === undefined ? undefined : state.pending.get(sent.id);
        if (resolve) {
          state.pending.delete(sent.id!);
          resolve(message);
        }
        if (sent.result !== undefined && !state.protocolVersion) this.opened(state, sent.result);
      }
      return send(message, options);
    };
    transport.onmessage = (message, extra) => void this.dispatch(state, message, extra, deliver);
  }

  /** The initialize response: the session is open (its row is queued, never awaited). */
  private opened(state: McpSessionState, result: Record<string, unknown>): void {
    if (typeof result.protocolVersion !== "string" || !result.serverInfo) return;
    state.protocolVersion = result.protocolVersion;
    if (state.id) this.deps.sessionRows?.open(sessionRowOf(state));
  }

  private async dispatch(
    state: McpSessionState,
    message: JSONRPCMessage,
    extra: MessageExtraInfo | undefined,
    deliver: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void,
  ): Promise<void> {
    state.lastSeenAt = Date.now();
    if (state.id) this.deps.sessionRows?.touch(state.id);
    const ctx = extra?.authInfo?.extra as RequestContext | undefined;
    if (ctx) {
      state.route = ctx.route;
      state.clientIp ??= ctx.clientIp;
    }
    // Responses to server→client requests go straight to the Server. Every transport validated the
    // message against the SDK schema on its way in: a method tells requests and notifications apart.
    if (!ctx || !("method" in message)) return deliver(message, extra);
    // FAST-LANE HOOK (legacy SSE, WebSocket): plain calls and their cancellations skip the SDK Server.
    if (this.fastLane?.tryMessage(message, state, ctx)) return;
    const params = message.params as Record<string, unknown> | undefined;
    const id = "id" in message ? message.id : undefined;
    const { server, toolName } = callTarget(this.deps.aggregator, ctx.route, message.method, params);
    const call: McpCall = {
      message,
      method: message.method,
      id,
      params,
      principal: ctx.principal,
      route: ctx.route,
      sessionId: state.id || null,
      transport: state.kind,
      toolName,
      server,
      clientIp: ctx.clientIp,
      requestBytes: ctx.requestBytes,
      startedAt: performance.now(),
    };
    try {
      await this.deps.runChain(call, (c) => this.terminal(state, c, extra, deliver));
    } catch (error) {
      if (id === undefined) return;
      state.pending.delete(id);
      const rpc = toRpcError(error);
      await state.transport
        .send(jsonRpcErrorBody(rpc.code, rpc.message, id, rpc.data) as JSONRPCMessage)
        .catch((sendError) => this.deps.logger.debug("could not send error", { error: errorMessage(sendError) }));
    }
  }

  private terminal(
    state: McpSessionState,
    call: McpCall,
    extra: MessageExtraInfo | undefined,
    deliver: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void,
  ): Promise<McpOutcome> {
    if (call.id === undefined) {
      deliver(call.message, extra);
      if (call.method === "notifications/cancelled") this.cancelled(state, call.params);
      return Promise.resolve({ response: null });
    }
    const id = call.id;
    return new Promise((resolve) => {
      state.pending.set(id, (response) => resolve({ response }));
      deliver(call.message, extra);
    });
  }

  /**
   * The Server aborted the request (its signal reaches the upstream call, which the SDK client then
   * cancels upstream) and will send no response: settle the chain so the call is logged as cancelled.
   */
  private cancelled(state: McpSessionState, params: Record<string, unknown> | undefined): void {
    const requestId = params?.requestId as RequestId | undefined;
    if (requestId !== undefined) state.active.get(requestId)?.controller.abort(params?.reason);
    const resolve = requestId === undefined ? undefined : state.pending.get(requestId);
    if (!resolve) return;
    state.pending.delete(requestId!);
    const reason = typeof params?.reason === "string" ? `: ${params.reason}` : "";
    resolve(
      jsonRpcErrorBody(REQUEST_CANCELLED, `Request cancelled by the client${reason}`, requestId!) as JSONRPCMessage,
    );
  }

  private sweep(): void {
    const idle = this.deps.idleTimeoutMs ?? 30 * 60_000;
    const cutoff = Date.now() - idle;
    for (const [id, state] of this.sessions) {
      if (state.lastSeenAt < cutoff) void this.close(id);
    }
  }
}
