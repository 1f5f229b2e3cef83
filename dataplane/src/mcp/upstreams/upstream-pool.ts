// All upstream connections of the process. Shared servers have one connection each; servers marked
// `isolated` get one per client session, and so do HTTP-based servers (streamable-http, sse,
// websocket) for sessions whose client can answer server→client requests (`capabilities` given) —
// an HTTP session is cheap. A non-isolated stdio server always has exactly one connection (one
// process), which advertises sampling/elicitation/roots so its requests can be routed to whichever
// client caused them (see server-requests.ts). Per-session connections close with the session;
// those of HTTP-based servers also after `ownedIdleMs` without calls (reopened on the next call).
// A changed server row (new fingerprint) replaces its connection on next use. Either way the client
// sessions' logging/setLevel carries over to the new connection, which sends it upstream on connect.
import type { ClientCapabilities, LoggingLevel } from "@modelcontextprotocol/sdk/types.js";
import type { ServerConfig } from "../../modules/routing/model.ts";
import { UpstreamConnection, type UpstreamDeps, type UpstreamEvents } from "./upstream-connection.ts";

/**
 * What the one shared session of a stdio server advertises: everything a client may be able to
 * answer, so one process serves every client; the gateway decides per request who answers.
 */
export const SHARED_STDIO_CAPABILITIES: ClientCapabilities = {
  sampling: {},
  elicitation: {},
  roots: { listChanged: true },
};

/** How often idle per-client connections are looked for. */
const IDLE_SWEEP_MS = 30_000;

export class UpstreamPool {
  private readonly connections = new Map<string, UpstreamConnection>();
  /** Set by the session layer: receives upstream notifications and server→client requests. */
  events: UpstreamEvents | null = null;
  /**
   * Per-client connections of HTTP-based servers close after this long without calls. Isolated
   * servers' connections are left alone: their state is the client's, and they close with its session.
   */
  ownedIdleMs = 5 * 60_000;
  /** Set by the session layer: true while a connection must stay open (a call in flight, subscriptions). */
  inUse: ((connection: UpstreamConnection) => boolean) | null = null;
  /** Last call (pool.get) of each idle-closable connection. */
  private readonly usedAt = new Map<UpstreamConnection, number>();
  /** Log levels of connections closed for idleness, by key, until the session comes back or ends. */
  private readonly idleLevels = new Map<string, [string, LoggingLevel][]>();
  private sweeper: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly deps: UpstreamDeps) {}

  /**
   * The connection a session uses for `config`. `capabilities` (what the session's client can
   * answer: sampling, elicitation, roots) asks for a connection of the session's own, which only
   * HTTP-based servers grant; a non-isolated stdio server keeps its one shared process.
   */
  get(config: ServerConfig, sessionId: string | null, capabilities?: ClientCapabilities): UpstreamConnection {
    const sharedStdio = config.transport === "stdio" && !config.isolated;
    const owned = sessionId !== null && (config.isolated || (capabilities !== undefined && !sharedStdio));
    const key = owned ? `${config.id}:${sessionId}` : config.isolated ? `${config.id}:-` : config.id;
    const existing = this.connections.get(key);
    if (existing && existing.config.fingerprint === config.fingerprint) return this.used(existing);
    if (existing) {
      this.usedAt.delete(existing);
      void existing.close();
    }
    const connection = new UpstreamConnection(config, this.deps, {
      owner: owned ? sessionId : null,
      capabilities: owned ? (capabilities ?? {}) : sharedStdio ? SHARED_STDIO_CAPABILITIES : {},
      events: this.events,
    });
    const levels = existing?.logLevelEntries() ?? this.idleLevels.get(key);
    this.idleLevels.delete(key);
    // Not connected yet: recorded now, sent upstream once the connection's handshake is done.
    for (const [session, level] of levels ?? []) connection.setLogLevel(session, level);
    this.connections.set(key, connection);
    return this.used(connection);
  }

  /**
   * Health news about a shared server from outside its connection (the fast lane's own channel),
   * reported through the same hook as the connection's own, as if the shared connection had seen it.
   */
  reportHealth(config: ServerConfig, error: string | null): void {
    if (this.deps.onHealth) this.deps.onHealth(this.get(config, null), error);
  }

  /** Closes the per-client connections of HTTP-based servers idle for `ownedIdleMs` and not in use. */
  async closeIdle(now = Date.now()): Promise<number> {
    const closing: Promise<void>[] = [];
    for (const [key, connection] of this.connections) {
      const usedAt = this.usedAt.get(connection);
      if (usedAt === undefined || now - usedAt < this.ownedIdleMs || this.inUse?.(connection)) continue;
      this.connections.delete(key);
      this.usedAt.delete(connection);
      const levels = connection.logLevelEntries();
      if (levels.length > 0) this.idleLevels.set(key, levels);
      closing.push(connection.close());
    }
    await Promise.all(closing);
    return closing.length;
  }

  private used(connection: UpstreamConnection): UpstreamConnection {
    if (connection.owner === null || connection.config.isolated) return connection;
    this.usedAt.set(connection, Date.now());
    if (!this.sweeper) {
      this.sweeper = setInterval(() => void this.closeIdle(), IDLE_SWEEP_MS);
      this.sweeper.unref?.();
    }
    return connection;
  }

  /** The connections a session owns (to forward its roots/list_changed). */
  owned(sessionId: string): UpstreamConnection[] {
    return [...this.connections.values()].filter((connection) => connection.owner === sessionId);
  }

  /** Live connections of one server (shared and per-session). */
  ofServer(serverId: string): UpstreamConnection[] {
    return [...this.connections.values()].filter((connection) => connection.config.id === serverId);
  }

  /** Closes the isolated connections a client session owned. */
  async closeSession(sessionId: string): Promise<void> {
    const suffix = `:${sessionId}`;
    for (const key of this.idleLevels.keys()) if (key.endsWith(suffix)) this.idleLevels.delete(key);
    const closing: Promise<void>[] = [];
    for (const [key, connection] of this.connections) {
      if (key.endsWith(suffix)) {
        this.connections.delete(key);
        this.usedAt.delete(connection);
        closing.push(connection.close());
      }
    }
    await Promise.all(closing);
  }

  /** Closes every connection of a server (deleted or disabled). */
  async closeServer(serverId: string): Promise<void> {
    for (const key of this.idleLevels.keys()) if (key.startsWith(`${serverId}:`)) this.idleLevels.delete(key);
    const closing: Promise<void>[] = [];
    for (const [key, connection] of this.connections) {
      if (connection.config.id === serverId) {
        this.connections.delete(key);
        this.usedAt.delete(connection);
        closing.push(connection.close());
      }
    }
    await Promise.all(closing);
  }

  list(): UpstreamConnection[] {
    return [...this.connections.values()];
  }

  async closeAll(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    const all = [...this.connections.values()];
    this.connections.clear();
    this.usedAt.clear();
    this.idleLevels.clear();
    await Promise.all(all.map((connection) => connection.close()));
  }
}
