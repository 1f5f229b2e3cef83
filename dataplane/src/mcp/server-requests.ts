// What upstreams say on their own: server→client requests (sampling, elicitation, roots) and
// notifications (list_changed, logging, resources/updated), routed to the client sessions they
// concern. The routing rule (docs/architecture.md, "Protocol semantics"):
//   - a connection owned by a session (isolated server, or an HTTP-based server used by a session whose
//     client declared sampling, elicitation or roots) sends everything to its owner;
//   - the shared session of a non-isolated stdio server advertises all three, and its server→client
//     requests go to the one client session they can belong to (shared-requests.ts);
//   - any other shared connection advertises no client capability (SDK servers refuse before sending;
//     others get a JSON-RPC error here);
//   - a shared connection's notifications go to every session whose route includes that server;
//     resources/updated only to subscribers.
import type { RequestHandlerExtra, RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  type ClientCapabilities,
  ErrorCode,
  type JSONRPCRequest,
  type LoggingLevel,
  LoggingLevelSchema,
  McpError,
  type Notification,
  type ProgressToken,
  type RequestId,
  ResultSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../lib/logger.ts";
import type { McpSessionState } from "./session-manager.ts";
import { type StatelessCaller, sharedRequestTarget } from "./shared-requests.ts";
import type { StatelessCallLogs } from "./stateless/call-logs.ts";
import type { ResourceSubscriptions } from "./subscriptions.ts";
import type { UpstreamConnection, UpstreamEvents } from "./upstreams/upstream-connection.ts";

/** Server→client methods and the client capability each needs. */
const ROUTED_REQUESTS: Record<string, keyof ClientCapabilities> = {
  "sampling/createMessage": "sampling",
  "elicitation/create": "elicitation",
  "roots/list": "roots",
};

/** A human may be answering (elicitation, sampling approval): wait longer than a tool call would. */
const CLIENT_ANSWER_TIMEOUT_MS = 10 * 60_000;

const SEVERITY = new Map(LoggingLevelSchema.options.map((level, index) => [level, index]));

/** The client capabilities a session's own upstream connections advertise; undefined when none. */
export function routableCapabilities(client: ClientCapabilities | undefined): ClientCapabilities | undefined {
  if (!client) return undefined;
  const picked: ClientCapabilities = {};
  if (client.sampling) picked.sampling = client.sampling;
  if (client.elicitation) picked.elicitation = client.elicitation;
  if (client.roots) picked.roots = client.roots;
  return Object.keys(picked).length > 0 ? picked : undefined;
}

/**
 * A notifications/message as a client that asked for `level` (null: every level) sees it, or null when
 * it must not see it (below the level, or no valid level); `prefix` (the server's name on aggregated
 * routes) goes in front of the logger. Sessions and stateless call logs (stateless/call-logs.ts) share it.
 */
export function adaptLogMessage(
  notification: Notification,
  level: LoggingLevel | null,
  prefix: string | undefined,
): Notification | null {
  const params = (notification.params ?? {}) as { level?: string; logger?: string };
  const severity = SEVERITY.get(params.level as never);
  if (severity === undefined) return null;
  if (level && severity < SEVERITY.get(level)!) return null;
  const logger = prefix ? (params.logger ? `${prefix}/${params.logger}` : prefix) : params.logger;
  return { method: notification.method, params: { ...params, ...(logger ? { logger } : {}) } };
}

/** Stateless multi-round-trip calls (mcp/stateless/input-required-calls.ts), as the router sees them. */
export interface StatelessInputCalls {
  /** undefined: `owner` is no stateless lease; null: a lease with no call in flight; else the call. */
  leaseHolder(owner: string): StatelessCaller | null | undefined;
  /** The stateless calls in flight on a server's shared (stdio) connection. */
  inFlightOn(serverId: string): Iterable<StatelessCaller>;
}

export class UpstreamRouter implements UpstreamEvents {
  /** Set by the wiring when stateless clients may answer server→client requests (input_required). */
  stateless: StatelessInputCalls | null = null;
  /** Set by the wiring when stateless 2026-07-28 requests may ask for log messages (stateless/call-logs.ts). */
  callLogs: Pick<StatelessCallLogs, "deliver"> | null = null;

  constructor(
    private readonly sessions: () => Iterable<McpSessionState>,
    private readonly session: (id: string) => McpSessionState | undefined,
    private readonly subscriptions: ResourceSubscriptions,
    private readonly logger: Logger,
  ) {}

  async onRequest(
    connection: UpstreamConnection,
    request: JSONRPCRequest,
    extra: RequestHandlerExtra<never, never>,
  ): Promise<unknown> {
    const capability = ROUTED_REQUESTS[request.method];
    if (!capability) {
      throw new McpError(ErrorCode.MethodNotFound, `Omnimesh does not relay ${request.method} to clients`);
    }
    if (!connection.owner) {
      if (!connection.ownership.capabilities[capability]) {
        throw new McpError(
          ErrorCode.InvalidRequest,
          `Omnimesh cannot relay ${request.method}: the client did not declare the ${capability} capability (clients that declare it get an upstream session of their own)`,
        );
      }
      const target = sharedRequestTarget(
        this.sessions(),
        connection,
        request.method,
        capability,
        this.stateless?.inFlightOn(connection.config.id),
      );
      if (!target) return { roots: [] };
      if ("ask" in target) return target.ask(request, extra.signal);
      return this.relay(target, connection, request, extra);
    }
    const holder = this.stateless?.leaseHolder(connection.owner);
    if (holder !== undefined) return this.askStateless(holder, request, capability, extra.signal);
    const state = this.session(connection.owner);
    if (!state) throw new McpError(ErrorCode.ConnectionClosed, "The client session that owned this upstream closed");
    if (!state.server.getClientCapabilities()?.[capability]) {
      throw new McpError(
        ErrorCode.InvalidRequest,
        `The client did not declare the ${capability} capability, so ${request.method} cannot be answered`,
      );
    }
    return this.relay(state, connection, request, extra);
  }

  /** A connection leased by a stateless call carries that call only: the request is its. */
  private askStateless(
    holder: StatelessCaller | null,
    request: JSONRPCRequest,
    capability: keyof ClientCapabilities,
    signal: AbortSignal,
  ): Promise<unknown> {
    if (!holder) {
      if (capability === "roots") return Promise.resolve({ roots: [] });
      throw new McpError(ErrorCode.InvalidRequest, `Omnimesh cannot relay ${request.method}: no call is in flight`);
    }
    if (!holder.declares(capability)) {
      throw new McpError(
        ErrorCode.InvalidRequest,
        `The client did not declare the ${capability} capability, so ${request.method} cannot be answered`,
      );
    }
    return holder.ask(request, signal);
  }

  private relay(
    state: McpSessionState,
    connection: UpstreamConnection,
    request: JSONRPCRequest,
    extra: RequestHandlerExtra<never, never>,
  ): Promise<unknown> {
    // Send it on the HTTP stream of the client request that is waiting on this server (if any),
    // where a Streamable HTTP client is sure to be listening.
    const relatedRequestId = this.related(state, connection.config.id);
    this.logger.debug("relaying server request", { method: request.method, server: connection.name });
    const options: RequestOptions = { signal: extra.signal, timeout: CLIENT_ANSWER_TIMEOUT_MS, relatedRequestId };
    // The client's progress on it (e.g. a long sampling) goes back upstream under the upstream's token.
    const progressToken = (request.params?._meta as { progressToken?: ProgressToken } | undefined)?.progressToken;
    if (progressToken !== undefined) {
      options.onprogress = (progress) =>
        void extra
          .sendNotification({ method: "notifications/progress", params: { ...progress, progressToken } } as never)
          .catch(() => {});
      options.resetTimeoutOnProgress = true;
    }
    return state.server.request({ method: request.method, params: request.params }, ResultSchema, options);
  }

  /** A per-client connection stays open while its owner has a call on it or it holds subscriptions. */
  inUse(connection: UpstreamConnection): boolean {
    if (this.subscriptions.holds(connection)) return true;
    if (connection.owner && this.stateless?.leaseHolder(connection.owner)) return true;
    const owner = connection.owner ? this.session(connection.owner) : undefined;
    return owner ? [...owner.active.values()].some((active) => active.serverId === connection.config.id) : false;
  }

  onConnected(connection: UpstreamConnection): void {
    void this.subscriptions.restore(connection);
  }

  onNotification(connection: UpstreamConnection, notification: Notification): void {
    if (notification.method === "notifications/message") {
      this.callLogs?.deliver(connection, notification, (serverId) => this.sessionCallOn(serverId));
    }
    const targets = this.recipients(connection, notification);
    for (const state of targets) {
      const message = this.adapt(state, connection, notification);
      if (!message) continue;
      const relatedRequestId =
        notification.method === "notifications/message" ? this.related(state, connection.config.id) : undefined;
      void state.server
        .notification(message as never, { relatedRequestId })
        .catch((error: unknown) =>
          this.logger.debug("could not forward notification", { method: notification.method, error: String(error) }),
        );
    }
  }

  private recipients(connection: UpstreamConnection, notification: Notification): McpSessionState[] {
    if (notification.method === "notifications/resources/updated") {
      const uri = (notification.params as { uri?: unknown } | undefined)?.uri;
      if (typeof uri !== "string") return [];
      return [...this.subscriptions.subscribers(connection, uri)]
        .map((id) => this.session(id))
        .filter((state): state is McpSessionState => state !== undefined);
    }
    if (connection.owner) {
      const owner = this.session(connection.owner);
      return owner ? [owner] : [];
    }
    const serverId = connection.config.id;
    return [...this.sessions()].filter((state) => state.route.servers.some((server) => server.id === serverId));
  }

  /** The message as this session should see it, or null when it must not see it. */
  private adapt(
    state: McpSessionState,
    connection: UpstreamConnection,
    notification: Notification,
  ): Notification | null {
    switch (notification.method) {
      case "notifications/tools/list_changed":
      case "notifications/prompts/list_changed":
      case "notifications/resources/list_changed":
        return { method: notification.method };
      case "notifications/resources/updated":
        return notification;
      case "notifications/message":
        // On aggregated routes, say which server logged.
        return adaptLogMessage(notification, state.logLevel, state.route.singleServer ? undefined : connection.name);
      default:
        return null;
    }
  }

  /** Whether any client session has a call in flight on `serverId` (fast-lane calls are registered too). */
  private sessionCallOn(serverId: string): boolean {
    for (const state of this.sessions()) {
      for (const active of state.active.values()) if (active.serverId === serverId) return true;
    }
    return false;
  }

  /** A client request of this session in flight on `serverId` (else any in flight), to relate to. */
  private related(state: McpSessionState, serverId: string): RequestId | undefined {
    let any: RequestId | undefined;
    for (const [id, active] of state.active) {
      if (active.serverId === serverId) return id;
      any ??= id;
    }
    return any;
  }
}
