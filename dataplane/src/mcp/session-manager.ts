// Client sessions of the Streamable HTTP endpoint. A session is one SDK Server + one web-standard
// transport (built once per session, never per request). Every client message is intercepted on its
// way into the Server and run through the middleware chain; the Server's fallback handler then asks
// the aggregator, which talks to the shared upstream connections.
import { randomBytes } from "node:crypto";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";
import {
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";
import { prefixedName } from "@omnimesh/db/names";
import { jsonRpcErrorBody, toRpcError } from "../lib/app-error.ts";
import { errorMessage, type Logger } from "../lib/logger.ts";
import type { Principal } from "../modules/auth/model.ts";
import type { NamespaceRoute } from "../modules/routing/model.ts";
import type { NamespaceAggregator } from "./aggregator.ts";
import type { McpCall, McpOutcome } from "./chain.ts";
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

export interface McpSessionState {
  id: string;
  kind: ClientTransportKind;
  apiKeyId: string;
  namespaceId: string;
  /** Set when the session was opened on /servers/:id/mcp: it only serves that endpoint. */
  serverId: string | null;
  /** The SDK transport the session's Server is connected to. */
  transport: Transport;
  /** Set for Streamable HTTP sessions: the transport HTTP requests are handed to. */
  http: WebStandardStreamableHTTPServerTransport | null;
  server: Server;
  lastSeenAt: number;
  pending: Map<RequestId, (message: JSONRPCMessage) => void>;
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
  idleTimeoutMs?: number;
}

const LIST_METHODS = new Set(["tools/list", "prompts/list"]);
const SERVER_INFO = { name: "omnimesh", version: "0.1.0" };

export class SessionManager {
  private readonly sessions = new Map<string, McpSessionState>();
  private readonly sweeper: ReturnType<typeof setInterval>;

  constructor(private readonly deps: SessionManagerDeps) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref?.();
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
      : new WebStandardStreamableHTTPServerTransport({
          // 192 random bits: unguessable, and bound to the creating key by the HTTP edge anyway.
          sessionIdGenerator: () => randomBytes(24).toString("base64url"),
          onsessioninitialized: (id) => {
            state.id = id;
            this.sessions.set(id, state);
          },
          onsessionclosed: (id) => void this.close(id),
          // Comment frames keep idle SSE streams below Bun's idleTimeout and proxies' timeouts.
          keepAliveMs: 15_000,
        });
    const transport: Transport = options?.transport ?? http!;
    const server = new Server(SERVER_INFO, {
      capabilities: {
        tools: { listChanged: true },
        prompts: { listChanged: true },
        resources: { listChanged: true },
        completions: {},
      },
      instructions: route.singleServer
        ? `Omnimesh server ${route.singleServer.name} of namespace ${route.orgSlug}/${route.namespaceSlug}.`
        : `Omnimesh namespace ${route.orgSlug}/${route.namespaceSlug}: tools and prompts are named <server>__<name>.`,
    });
    const state: McpSessionState = {
      id: options?.id ?? "",
      kind: options?.kind ?? "streamable-http",
      apiKeyId: principal.apiKeyId,
      namespaceId: route.namespaceId,
      serverId: route.singleServer?.id ?? null,
      transport,
      http,
      server,
      lastSeenAt: Date.now(),
      pending: new Map(),
    };
    server.fallbackRequestHandler = async (request, extra) => {
      const ctx = extra.authInfo?.extra as RequestContext | undefined;
      if (!ctx) throw toRpcError(new Error("missing request context"));
      try {
        return (await this.deps.aggregator.handle(request.method, request.params, {
          route: ctx.route,
          sessionId: state.id,
          signal: extra.signal,
          sendProgress: (params) =>
            void extra.sendNotification({ method: "notifications/progress", params } as never).catch(() => {}),
          visible: LIST_METHODS.has(request.method) ? await this.deps.visibility?.(ctx) : undefined,
        })) as never;
      } catch (error) {
        throw toRpcError(error);
      }
    };
    await server.connect(transport);
    this.intercept(state);
    if (options) this.sessions.set(options.id, state);
    return state;
  }

  async close(id: string): Promise<void> {
    const state = this.sessions.get(id);
    if (!state) return;
    this.sessions.delete(id);
    await state.server.close().catch(() => {});
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
      if (isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) {
        const resolve = message.id === undefined ? undefined : state.pending.get(message.id);
        if (resolve) {
          state.pending.delete(message.id!);
          resolve(message);
        }
      }
      return send(message, options);
    };
    transport.onmessage = (message, extra) => void this.dispatch(state, message, extra, deliver);
  }

  private async dispatch(
    state: McpSessionState,
    message: JSONRPCMessage,
    extra: MessageExtraInfo | undefined,
    deliver: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void,
  ): Promise<void> {
    state.lastSeenAt = Date.now();
    const ctx = extra?.authInfo?.extra as RequestContext | undefined;
    // Responses to server→client requests go straight to the Server.
    if (!ctx || (!isJSONRPCRequest(message) && !isJSONRPCNotification(message))) return deliver(message, extra);
    const params = message.params as Record<string, unknown> | undefined;
    const id = isJSONRPCRequest(message) ? message.id : undefined;
    const target =
      message.method === "tools/call" || message.method === "prompts/get"
        ? this.deps.aggregator.resolveName(ctx.route, params?.name)
        : null;
    const server = target?.server ?? null;
    // Policies, rate limits and logs always see the canonical "<server>__<name>", whichever endpoint.
    const name = target ? prefixedName(target.server.name, target.name) : (params?.name as string | undefined);
    const call: McpCall = {
      message,
      method: message.method,
      id,
      params,
      principal: ctx.principal,
      route: ctx.route,
      sessionId: state.id || null,
      transport: state.kind,
      toolName: server || message.method === "tools/call" ? (name ?? null) : null,
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
      return Promise.resolve({ response: null });
    }
    const id = call.id;
    return new Promise((resolve) => {
      state.pending.set(id, (response) => resolve({ response }));
      deliver(call.message, extra);
    });
  }

  private sweep(): void {
    const idle = this.deps.idleTimeoutMs ?? 30 * 60_000;
    const cutoff = Date.now() - idle;
    for (const [id, state] of this.sessions) {
      if (state.lastSeenAt < cutoff) void this.close(id);
    }
  }
}
