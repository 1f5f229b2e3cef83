// Log messages for stateless 2026-07-28 requests. There is no logging/setLevel in that revision: a
// request asks for the upstream's notifications/message with `_meta["io.modelcontextprotocol/logLevel"]`,
// and its own SSE response stream is the only channel to send them on (docs/architecture.md,
// "Protocol semantics"). A CallLog is one such call: the aggregator registers it with the upstream
// connection the call goes to for as long as the upstream request is open, and the session router
// hands the connection's log messages here. Which messages are the call's:
//   - on a connection of the call's own (a stateless multi-round-trip lease): every one — the
//     connection carries that call only. The upstream is asked to log at the call's level there;
//   - on a shared connection: the SDK client does not say which request a notification relates to,
//     so a message is the call's only while it is the one request in flight on that connection and
//     no client session has a call in flight on that server (session fast-lane calls included);
//     otherwise it is ambiguous and not delivered. The shared connection's level is left alone: it
//     is every session's, and the filter here applies the call's level.
// Multi-round-trip calls outlive their legs: between legs the messages are dropped; a retry leg
// (found by its requestState) takes the call's messages over on its own stream.
import { type LoggingLevel, LoggingLevelSchema, type Notification } from "@modelcontextprotocol/sdk/types.js";
import { AppError } from "../../lib/app-error.ts";
import type { NamespaceRoute } from "../../modules/routing/model.ts";
import { adaptLogMessage } from "../server-requests.ts";
import type { UpstreamConnection } from "../upstreams/upstream-connection.ts";

export const META_LOG_LEVEL = "io.modelcontextprotocol/logLevel";

/** Requests that reach one upstream and may log while it handles them: they get log streams. */
export const LOGGED_METHODS: ReadonlySet<string> = new Set([
  "tools/call",
  "prompts/get",
  "resources/read",
  "completion/complete",
]);

const LEVELS: ReadonlySet<string> = new Set(LoggingLevelSchema.options);

/** Where one leg of a call sends its log messages (the params of notifications/message), and from which level. */
export interface LogSink {
  level: LoggingLevel;
  send: (params: Record<string, unknown>) => void;
}

/** Throws the caller's error (-32602) when the request's `_meta` carries a log level that is none. */
export function checkLogLevel(message: unknown): void {
  const meta = (message as { params?: { _meta?: Record<string, unknown> } } | null)?.params?._meta;
  const level = meta && typeof meta === "object" ? meta[META_LOG_LEVEL] : undefined;
  if (level !== undefined && (typeof level !== "string" || !LEVELS.has(level))) {
    throw new AppError(
      "INVALID_PARAMS",
      `Invalid params: _meta["${META_LOG_LEVEL}"] must be one of ${LoggingLevelSchema.options.join(", ")}`,
    );
  }
}

/** The level a stateless request asks its log messages at; null when none or not a valid level. */
export function logLevelOf(message: unknown): LoggingLevel | null {
  const meta = (message as { params?: { _meta?: Record<string, unknown> } } | null)?.params?._meta;
  const level = meta && typeof meta === "object" ? meta[META_LOG_LEVEL] : undefined;
  return typeof level === "string" && LEVELS.has(level) ? (level as LoggingLevel) : null;
}

/** The params without the log level key, which means nothing to a (legacy) upstream. */
export function withoutLogLevel(params: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const meta = params?._meta as Record<string, unknown> | undefined;
  if (!meta || typeof meta !== "object" || !(META_LOG_LEVEL in meta)) return params;
  const { [META_LOG_LEVEL]: _level, ...rest } = meta;
  const { _meta: _old, ...others } = params!;
  return Object.keys(rest).length > 0 ? { ...others, _meta: rest } : others;
}

export class CallLog {
  private sink: LogSink | null;
  /** The requestState that resumes the call (multi-round-trip), while it is between legs. */
  token: string | null = null;
  /** True while the upstream request is open. */
  active = false;

  constructor(
    private readonly registry: StatelessCallLogs,
    readonly route: NamespaceRoute,
    readonly credential: string,
    sink: LogSink,
  ) {
    this.sink = sink;
  }

  /** A (retry) leg takes the call's messages; null when the leg has no stream for them. */
  attach(sink: LogSink | null): void {
    this.sink = sink;
  }

  /**
   * Runs the call's upstream request on `connection`, registered there so its log messages reach the
   * call. On a connection of the call's own the upstream is first asked to log at the call's level.
   */
  async during<T>(connection: UpstreamConnection, send: () => Promise<T>): Promise<T> {
    const owner = connection.owner;
    if (owner !== null && this.sink) await connection.useLogLevel(owner, this.sink.level);
    this.active = true;
    this.registry.track(connection, this);
    try {
      return await send();
    } finally {
      this.active = false;
      this.registry.untrack(connection, this);
    }
  }

  hear(connection: UpstreamConnection, notification: Notification): void {
    this.hearFrom(connection.name, notification);
  }

  /** A log message of server `serverName` that is certainly this call's (the fast lane's call stream). */
  hearFrom(serverName: string, notification: Notification): void {
    if (!this.sink) return;
    // The same filter and logger prefix sessions get (server-requests.ts).
    const prefix = this.route.singleServer ? undefined : serverName;
    const message = adaptLogMessage(notification, this.sink.level, prefix);
    if (message?.params) this.sink.send(message.params);
  }
}

export class StatelessCallLogs {
  private readonly byConnection = new Map<UpstreamConnection, Set<CallLog>>();
  private readonly byToken = new Map<string, CallLog>();

  /** A call whose first leg asked for log messages. */
  open(route: NamespaceRoute, credential: string, sink: LogSink): CallLog {
    return new CallLog(this, route, credential, sink);
  }

  /** The call a retry leg continues (by its requestState), if it asked for log messages and is still open. */
  resume(token: string, credential: string): CallLog | undefined {
    const log = this.byToken.get(token);
    return log && log.credential === credential ? log : undefined;
  }

  /** The call answered input_required: a retry with `token` continues it. */
  park(log: CallLog, token: string): void {
    if (!log.active) return;
    if (log.token) this.byToken.delete(log.token);
    log.token = token;
    this.byToken.set(token, log);
  }

  /** Calls in flight with log streams (tests, operators). */
  get size(): number {
    let total = 0;
    for (const logs of this.byConnection.values()) total += logs.size;
    return total;
  }

  track(connection: UpstreamConnection, log: CallLog): void {
    const logs = this.byConnection.get(connection);
    if (logs) logs.add(log);
    else this.byConnection.set(connection, new Set([log]));
  }

  untrack(connection: UpstreamConnection, log: CallLog): void {
    const logs = this.byConnection.get(connection);
    if (logs?.delete(log) && logs.size === 0) this.byConnection.delete(connection);
    if (log.token) this.byToken.delete(log.token);
    log.token = null;
  }

  /**
   * A notifications/message from `connection`: to the call it belongs to, if that is certain.
   * `sessionsBusy` tells whether a client session has a call in flight on the server.
   */
  deliver(connection: UpstreamConnection, notification: Notification, sessionsBusy: (serverId: string) => boolean) {
    const logs = this.byConnection.get(connection);
    if (!logs) return;
    if (connection.owner !== null) {
      // A stateless lease: the connection carries its call only.
      for (const log of logs) log.hear(connection, notification);
      return;
    }
    if (logs.size !== 1 || connection.requestsInFlight !== 1 || sessionsBusy(connection.config.id)) return;
    for (const log of logs) log.hear(connection, notification);
  }
}
