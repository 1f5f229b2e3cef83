// One live MCP client connection to one upstream server, shared by every client session of the
// namespace (the SDK Client gives each request its own JSON-RPC id, so responses never cross), or
// owned by one client session (`owner`: isolated servers, and sessions whose client can answer
// server→client requests on HTTP-based servers — see docs/architecture.md, "Protocol semantics").
// What the upstream sends on its own is wired in upstream-handlers.ts.
// Started on first use, restarted with exponential backoff when it dies, and it never hangs a
// caller: every request has the server's timeout and every failure names the server.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  type ClientCapabilities,
  ErrorCode,
  type JSONRPCRequest,
  LATEST_PROTOCOL_VERSION,
  type LoggingLevel,
  LoggingLevelSchema,
  McpError,
  type Notification,
} from "@modelcontextprotocol/sdk/types.js";
import { AppError } from "../../lib/app-error.ts";
import { errorMessage, type Logger } from "../../lib/logger.ts";
import type { ServerConfig } from "../../modules/routing/model.ts";
import { deliverNotificationsBeforeResponses } from "./ordered-delivery.ts";
import { StderrRing } from "./stderr-ring.ts";
import { ProcessRecord } from "./stdio-process.ts";
import { createUpstreamTransport } from "./transports.ts";
import { wireUpstreamHandlers } from "./upstream-handlers.ts";

const CONNECT_TIMEOUT_FLOOR_MS = 10_000;

const MAX_BACKOFF_MS = 30_000;
const STABLE_AFTER_MS = 60_000;

export type ListKind = "tools" | "prompts" | "resources" | "resourceTemplates";

export interface UpstreamDeps {
  stdioCwd: string;
  logger: Logger;
  /** Told when the connection fails (`error`) or connects again after a failure (null): health writes. */
  onHealth?: (connection: UpstreamConnection, error: string | null) => void;
}

type ClientRequestExtra = Parameters<NonNullable<Client["fallbackRequestHandler"]>>[1];

/** Where an upstream's own messages (notifications, server→client requests) go: the session layer. */
export interface UpstreamEvents {
  onNotification(connection: UpstreamConnection, notification: Notification): void;
  onRequest(connection: UpstreamConnection, request: JSONRPCRequest, extra: ClientRequestExtra): Promise<unknown>;
  /** A (re)connected upstream session: per-session state such as subscriptions is restored. */
  onConnected(connection: UpstreamConnection): void;
}

export interface UpstreamOwnership {
  /** The client session this connection belongs to; null when shared. */
  owner: string | null;
  /** What the gateway advertises upstream: only what it can route back to the owner. */
  capabilities: ClientCapabilities;
  events: UpstreamEvents | null;
}

const SEVERITY = new Map(LoggingLevelSchema.options.map((level, index) => [level, index]));

type ZodLike = Parameters<Client["request"]>[1];

export class UpstreamConnection {
  readonly stderr = new StderrRing();
  /** Stdio servers: pid, start time, exit and spawn count of the process (operator endpoints). */
  readonly process = new ProcessRecord();
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private closed = false;
  private failures = 0;
  private retryAt = 0;
  private connectedAt = 0;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly lists = new Map<ListKind, Promise<unknown[]>>();
  /** logging/setLevel of each client session using this connection; the most verbose one goes upstream. */
  private readonly logLevels = new Map<string, LoggingLevel>();
  private upstreamLevel: LoggingLevel | null = null;
  private levelSent: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private readonly closedHooks: Array<() => void> = [];
  lastError: string | null = null;

  constructor(
    readonly config: ServerConfig,
    private readonly deps: UpstreamDeps,
    readonly ownership: UpstreamOwnership = { owner: null, capabilities: {}, events: null },
  ) {}

  get owner(): string | null {
    return this.ownership.owner;
  }

  /** Records a session's logging level and sends the most verbose level in use upstream. */
  setLogLevel(sessionId: string, level: LoggingLevel | null): void {
    if (level) this.logLevels.set(sessionId, level);
    else this.logLevels.delete(sessionId);
    if (this.client) void this.applyLogLevel(this.client);
  }

  /** The levels set so far, to carry over to the connection that replaces this one (upstream-pool.ts). */
  logLevelEntries(): [string, LoggingLevel][] {
    return [...this.logLevels];
  }

  /**
   * Records `owner`'s level and resolves once the upstream has it, so a call sent next is logged at
   * it: for a stateless call on a connection of its own (mcp/stateless/call-logs.ts).
   */
  async useLogLevel(owner: string, level: LoggingLevel): Promise<void> {
    this.logLevels.set(owner, level);
    await this.applyLogLevel(await this.getClient());
  }

  /** Requests sent on this connection and not answered yet (stateless call logs attribute by it). */
  get requestsInFlight(): number {
    return this.inFlight;
  }

  private applyLogLevel(client: Client): Promise<void> {
    let wanted: LoggingLevel | null = null;
    for (const level of this.logLevels.values()) {
      if (!wanted || SEVERITY.get(level)! < SEVERITY.get(wanted)!) wanted = level;
    }
    // Already asked for: wait for that setLevel (it may still be on its way).
    if (!wanted || wanted === this.upstreamLevel || !client.getServerCapabilities()?.logging) return this.levelSent;
    this.upstreamLevel = wanted;
    this.levelSent = client
      .setLoggingLevel(wanted, { timeout: this.config.timeoutMs })
      .then(() => undefined)
      .catch((error) => {
        this.upstreamLevel = null;
        this.deps.logger.debug("upstream setLevel failed", { server: this.name, error: errorMessage(error) });
      });
    return this.levelSent;
  }

  get name(): string {
    return this.config.name;
  }

  get connected(): boolean {
    return this.client !== null;
  }

  /** The connected client; connects on first use. Fails fast while backing off after a crash. */
  getClient(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    if (this.closed) return Promise.reject(this.unavailable("the connection was closed"));
    if (this.connecting) return this.connecting;
    if (this.config.configError) return Promise.reject(this.unavailable(this.config.configError));
    const wait = this.retryAt - Date.now();
    if (wait > 0) {
      return Promise.reject(
        this.unavailable(`${this.lastError ?? "it failed"}; retrying in ${Math.ceil(wait / 1000)} s`),
      );
    }
    this.connecting = this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** Sends one request upstream with the server's timeout; errors come back naming the server. */
  async request<T extends ZodLike>(
    request: { method: string; params?: Record<string, unknown> },
    schema: T,
    options: RequestOptions = {},
  ) {
    this.inFlight++;
    try {
      return await this.send(request, schema, options);
    } finally {
      this.inFlight--;
    }
  }

  private async send<T extends ZodLike>(
    request: { method: string; params?: Record<string, unknown> },
    schema: T,
    options: RequestOptions,
  ) {
    for (let attempt = 0; ; attempt++) {
      const client = await this.getClient();
      try {
        return await client.request(request, schema, { timeout: this.config.timeoutMs, ...options });
      } catch (error) {
        // Streamable HTTP answers 404 to a session id it does not know (the upstream restarted): the
        // spec says to start a new session. The upstream ran no request of a session it did not know,
        // so it is sent once more on the new one (as the fast lane's channel does) rather than failing
        // the first request of every connection after a restart.
        if (error instanceof StreamableHTTPError && error.code === 404) {
          if (this.client === client) this.sessionExpired();
          if (attempt === 0) continue;
        }
        throw this.wrapError(error, request.method);
      }
    }
  }

  /**
   * FAST-LANE HOOK: the Streamable HTTP session of this connection (connecting first if need be), for
   * a raw channel to send calls on (mcp/fast-lane/channel-pool.ts); null for other transports.
   */
  async httpSession(): Promise<{ id: string | null; protocolVersion: string } | null> {
    const transport = (await this.getClient()).transport;
    if (!(transport instanceof StreamableHTTPClientTransport)) return null;
    return { id: transport.sessionId ?? null, protocolVersion: transport.protocolVersion ?? LATEST_PROTOCOL_VERSION };
  }

  /**
   * The upstream answered 404 to this connection's session (`sessionId`, when a raw channel saw it: only
   * if that is still the session, not one the connection opened since): connect again on next use.
   */
  sessionExpired(sessionId?: string | null): void {
    const client = this.client;
    if (!client) return;
    const transport = client.transport;
    if (
      sessionId !== undefined &&
      transport instanceof StreamableHTTPClientTransport &&
      transport.sessionId !== sessionId
    )
      return;
    this.client = null;
    this.lists.clear();
    void client.close().catch(() => {});
  }

  /** FAST-LANE HOOK: runs once when this connection is closed for good (a channel on it closes too). */
  onClosed(hook: () => void): void {
    if (this.closed) hook();
    else this.closedHooks.push(hook);
  }

  /** Sends a notification upstream when connected (nothing to tell a server that is not running). */
  async notify(notification: Notification): Promise<void> {
    await this.client?.notification(notification as never).catch((error: unknown) => {
      this.deps.logger.debug("upstream notification failed", { server: this.name, error: errorMessage(error) });
    });
  }

  /** Every item of a list method (all pages), cached until the server says the list changed. */
  list(kind: ListKind, fetchPage: (cursor: string | undefined) => Promise<{ items: unknown[]; nextCursor?: string }>) {
    let cached = this.lists.get(kind);
    if (!cached) {
      cached = (async () => {
        const items: unknown[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < 100; page++) {
          const result = await fetchPage(cursor);
          items.push(...result.items);
          cursor = result.nextCursor;
          if (!cursor) break;
        }
        return items;
      })();
      cached.catch(() => {
        if (this.lists.get(kind) === cached) this.lists.delete(kind);
      });
      this.lists.set(kind, cached);
    }
    return cached;
  }

  /** FAST-LANE HOOK: the fast lane's own upstream session heard a list change (mcp/fast-lane). */
  forgetLists(method: string): void {
    if (method === "notifications/tools/list_changed") this.lists.delete("tools");
    else if (method === "notifications/prompts/list_changed") this.lists.delete("prompts");
    else if (method === "notifications/resources/list_changed") {
      this.lists.delete("resources");
      this.lists.delete("resourceTemplates");
    }
  }

  async close(): Promise<void> {
    if (!this.closed) for (const hook of this.closedHooks.splice(0)) hook();
    this.closed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const client = this.client;
    this.client = null;
    this.lists.clear();
    await client?.close().catch(() => {});
  }

  private async connect(): Promise<Client> {
    let transport: Transport | null = null;
    const client = new Client(
      { name: "omnimesh-gateway", version: "0.1.0" },
      { capabilities: this.ownership.capabilities },
    );
    try {
      transport = createUpstreamTransport(this.config, {
        stdioCwd: this.deps.stdioCwd,
        stderr: this.stderr,
        process: this.process,
      });
      client.onclose = () => this.handleClose(client);
      client.onerror = (error) => this.deps.logger.debug("upstream error", { server: this.name, error: error.message });
      wireUpstreamHandlers(client, this, this.ownership.events, (...kinds) => {
        for (const kind of kinds) this.lists.delete(kind);
      });
      // Starting a process and initialising can take longer than a short per-call timeout allows,
      // especially on a loaded machine: the handshake gets a floor of its own.
      await client.connect(transport, { timeout: Math.max(this.config.timeoutMs, CONNECT_TIMEOUT_FLOOR_MS) });
      deliverNotificationsBeforeResponses(transport);
    } catch (error) {
      client.onclose = undefined;
      await client.close().catch(() => {});
      this.recordFailure(this.describe(error));
      throw error instanceof AppError ? error : this.unavailable(this.lastError ?? "connect failed");
    }
    if (this.closed) {
      await client.close().catch(() => {});
      throw this.unavailable("the connection was closed");
    }
    this.client = client;
    this.connectedAt = Date.now();
    if (this.lastError !== null) this.deps.onHealth?.(this, null);
    this.lastError = null;
    this.lists.clear();
    this.upstreamLevel = null;
    void this.applyLogLevel(client);
    this.ownership.events?.onConnected(this);
    this.deps.logger.info("upstream connected", { server: this.name, serverId: this.config.id });
    return client;
  }

  private handleClose(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.lists.clear();
    if (this.closed) return;
    if (Date.now() - this.connectedAt > STABLE_AFTER_MS) this.failures = 0;
    const tail = this.stderr.tail(5).join(" | ");
    this.recordFailure(`the connection closed unexpectedly${tail ? ` (stderr: ${tail})` : ""}`);
    // Stdio servers are kept running: restart in the background once the backoff has passed.
    if (this.config.transport === "stdio") {
      this.restartTimer = setTimeout(() => void this.getClient().catch(() => {}), this.retryAt - Date.now());
      this.restartTimer.unref?.();
    }
  }

  private recordFailure(message: string): void {
    this.lastError = message;
    this.deps.onHealth?.(this, message);
    const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.failures++);
    this.retryAt = Date.now() + backoff;
    this.deps.logger.warn("upstream failed", {
      server: this.name,
      serverId: this.config.id,
      error: message,
      backoffMs: backoff,
    });
  }

  private describe(error: unknown): string {
    const tail = this.stderr.tail(5).join(" | ");
    return `${errorMessage(error)}${tail ? ` (stderr: ${tail})` : ""}`;
  }

  private unavailable(reason: string): AppError {
    return new AppError("UPSTREAM_UNAVAILABLE", `Upstream server "${this.name}" is unavailable: ${reason}`, {
      data: { server: this.name },
    });
  }

  private wrapError(error: unknown, method: string): Error {
    if (error instanceof McpError) {
      if (error.code === ErrorCode.RequestTimeout) {
        return new AppError(
          "UPSTREAM_TIMEOUT",
          `Upstream server "${this.name}" did not answer ${method} within ${this.config.timeoutMs} ms`,
          { data: { server: this.name } },
        );
      }
      if (error.code === ErrorCode.ConnectionClosed) {
        return this.unavailable(`the connection closed during ${method}`);
      }
      // A JSON-RPC error from the upstream itself: keep its code and data, name the server.
      const message = error.message.replace(/^MCP error -?\d+: /, "");
      return Object.assign(new Error(`${this.name}: ${message}`), { code: error.code, data: error.data });
    }
    return this.unavailable(`${method} failed: ${errorMessage(error)}`);
  }
}
