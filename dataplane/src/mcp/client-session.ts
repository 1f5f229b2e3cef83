// The parts of one client session: the SDK Server the client talks to (built once per session), its
// Streamable HTTP transport with an event store for resumption, and the handlers the gateway answers
// itself (logging/setLevel, roots/list_changed) next to the fallback that asks the aggregator.
import { randomBytes } from "node:crypto";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { RootsListChangedNotificationSchema, SetLevelRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { jsonRpcErrorBody, toRpcError } from "../lib/app-error.ts";
import { loggedApiKeyId } from "../modules/auth/model.ts";
import type { NamespaceRoute } from "../modules/routing/model.ts";
import type { SessionRow } from "../modules/sessions/model.ts";
import { SessionEventStore } from "./event-store.ts";
import { routableCapabilities } from "./server-requests.ts";
import type { McpSessionState, RequestContext, SessionManagerDeps } from "./session-manager.ts";
import { rootsChangedTargets } from "./shared-requests.ts";

const LIST_METHODS = new Set(["tools/list", "prompts/list"]);
const SERVER_INFO = { name: "omnimesh", version: "0.1.0" };
/** From this protocol version on, a POST carries exactly one JSON-RPC message. */
const NO_BATCH_SINCE = "2025-06-18";

export function createSessionServer(route: NamespaceRoute): Server {
  const server = new Server(SERVER_INFO, {
    capabilities: {
      tools: { listChanged: true },
      prompts: { listChanged: true },
      resources: { listChanged: true, subscribe: true },
      completions: {},
      logging: {},
    },
    instructions: route.singleServer
      ? `Omnimesh server ${route.singleServer.name} of namespace ${route.orgSlug}/${route.namespaceSlug}.`
      : route.virtual
        ? `Omnimesh virtual server ${route.virtual.name} of namespace ${route.orgSlug}/${route.namespaceSlug}.`
        : `Omnimesh namespace ${route.orgSlug}/${route.namespaceSlug}: tools and prompts are named <server>__<name>.`,
  });
  // SDK clients (1.32.2 included) ignore notifications/cancelled for request id 0 (typescript-sdk
  // #2283), so the first server→client request of a session could never be cancelled: start at 1.
  (server as unknown as { _requestMessageId: number })._requestMessageId = 1;
  return server;
}

/** The Streamable HTTP transport of a session, resumable, refusing batches where the protocol does. */
export function createHttpTransport(
  getState: () => McpSessionState,
  callbacks: { initialized: (id: string) => void; closed: (id: string) => void },
): WebStandardStreamableHTTPServerTransport {
  const http = new WebStandardStreamableHTTPServerTransport({
    // 192 random bits: unguessable, and bound to the creating key by the HTTP edge anyway.
    sessionIdGenerator: () => randomBytes(24).toString("base64url"),
    onsessioninitialized: callbacks.initialized,
    onsessionclosed: callbacks.closed,
    eventStore: new SessionEventStore(),
    // Comment frames keep idle SSE streams below Bun's idleTimeout and proxies' timeouts.
    keepAliveMs: 15_000,
  });
  const handle = http.handleRequest.bind(http);
  http.handleRequest = async (request, options) => {
    if (Array.isArray(options?.parsedBody)) {
      const version = request.headers.get("mcp-protocol-version") ?? getState().protocolVersion;
      if (version && version >= NO_BATCH_SINCE) {
        const message = `Invalid Request: JSON-RPC batches are not supported by protocol version ${version}; send one message per POST`;
        return Response.json(jsonRpcErrorBody(-32600, message, null), { status: 400 });
      }
    }
    return handle(request, options);
  };
  return http;
}

/**
 * Wires the handlers of a session's Server; `state.server` is the Server being wired. `sessions` are
 * all live sessions (who else declared roots on a shared stdio server).
 */
export function wireSessionServer(
  state: McpSessionState,
  deps: SessionManagerDeps,
  sessions: () => Iterable<McpSessionState>,
): void {
  const { server } = state;
  const capabilities = () => routableCapabilities(server.getClientCapabilities());

  server.fallbackRequestHandler = async (request, extra) => {
    const ctx = extra.authInfo?.extra as RequestContext | undefined;
    if (!ctx) throw toRpcError(new Error("missing request context"));
    const target =
      request.method === "tools/call" || request.method === "prompts/get"
        ? deps.aggregator.resolveName(
            ctx.route,
            request.params?.name,
            request.method === "tools/call" ? "tool" : "prompt",
          )
        : null;
    // Our own signal too: the SDK Server ignores a client's cancellation of request id 0 (#2283).
    const controller = new AbortController();
    extra.signal.addEventListener("abort", () => controller.abort(extra.signal.reason), { once: true });
    const active = { serverId: target?.server.id ?? null, controller };
    state.active.set(extra.requestId, active);
    try {
      return (await deps.aggregator.handle(request.method, request.params, {
        route: ctx.route,
        sessionId: state.id,
        signal: controller.signal,
        sendProgress: (params) =>
          void extra.sendNotification({ method: "notifications/progress", params } as never).catch(() => {}),
        visible: LIST_METHODS.has(request.method) ? await deps.visibility?.(ctx) : undefined,
        capabilities: capabilities(),
        // resources/read, completions, …: the server is known once the URI is resolved.
        onUpstream: (serverId) => {
          active.serverId = serverId;
        },
      })) as never;
    } catch (error) {
      throw toRpcError(error);
    } finally {
      state.active.delete(extra.requestId);
    }
  };

  // The level filters what this session is sent; upstream gets the most verbose level in use.
  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    state.logLevel = request.params.level;
    forEachConnection(state, deps, (connection) => connection.setLogLevel(state.id, request.params.level));
    return {};
  });

  server.setNotificationHandler(RootsListChangedNotificationSchema, async () => {
    const targets = [...deps.upstreams.owned(state.id), ...rootsChangedTargets(state, sessions(), deps.upstreams)];
    for (const connection of targets) void connection.notify({ method: "notifications/roots/list_changed" });
  });
}

/** Every upstream connection the session uses: the shared ones (lists) and its own (calls). */
function forEachConnection(
  state: McpSessionState,
  deps: SessionManagerDeps,
  apply: (connection: ReturnType<SessionManagerDeps["upstreams"]["get"]>) => void,
): void {
  const capabilities = routableCapabilities(state.server.getClientCapabilities());
  for (const server of state.route.servers) {
    apply(deps.upstreams.get(server, state.id));
    if (capabilities) apply(deps.upstreams.get(server, state.id, capabilities));
  }
}

/** The mcp_sessions row of a session that just answered initialize. */
export function sessionRowOf(state: McpSessionState): SessionRow {
  return {
    id: state.id,
    orgId: state.route.orgId,
    namespaceId: state.route.namespaceId,
    serverId: state.route.singleServer?.id ?? null,
    virtualServerId: state.route.virtual?.id ?? null,
    // A JWT caller has no api_keys row (its id is "jwt:<user>"): the user column identifies it.
    apiKeyId: loggedApiKeyId(state.principal),
    userId: state.principal.userId,
    transport: state.kind,
    protocolVersion: state.protocolVersion,
    clientInfo: state.server.getClientVersion() ?? null,
    clientIp: state.clientIp,
    createdAt: new Date(),
  };
}
