// All upstream connections of the process. Shared servers have one connection each; servers marked
// `isolated`, and sessions whose client can answer server→client requests (`capabilities` given),
// get one per client session, closed with the session. A changed server row (new fingerprint)
// replaces its connection on next use.
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import type { ServerConfig } from "../../modules/routing/model.ts";
import { UpstreamConnection, type UpstreamDeps, type UpstreamEvents } from "./upstream-connection.ts";

export class UpstreamPool {
  private readonly connections = new Map<string, UpstreamConnection>();
  /** Set by the session layer: receives upstream notifications and server→client requests. */
  events: UpstreamEvents | null = null;

  constructor(private readonly deps: UpstreamDeps) {}

  /**
   * The connection a session uses for `config`. `capabilities` (what the session's client can
   * answer: sampling, elicitation, roots) asks for a connection of the session's own.
   */
  get(config: ServerConfig, sessionId: string | null, capabilities?: ClientCapabilities): UpstreamConnection {
    const owned = sessionId !== null && (config.isolated || capabilities !== undefined);
    const key = owned ? `${config.id}:${sessionId}` : config.isolated ? `${config.id}:-` : config.id;
    const existing = this.connections.get(key);
    if (existing && existing.config.fingerprint === config.fingerprint) return existing;
    if (existing) void existing.close();
    const connection = new UpstreamConnection(config, this.deps, {
      owner: owned ? sessionId : null,
      capabilities: owned ? (capabilities ?? {}) : {},
      events: this.events,
    });
    this.connections.set(key, connection);
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
    const closing: Promise<void>[] = [];
    for (const [key, connection] of this.connections) {
      if (key.endsWith(suffix)) {
        this.connections.delete(key);
        closing.push(connection.close());
      }
    }
    await Promise.all(closing);
  }

  /** Closes every connection of a server (deleted or disabled). */
  async closeServer(serverId: string): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const [key, connection] of this.connections) {
      if (connection.config.id === serverId) {
        this.connections.delete(key);
        closing.push(connection.close());
      }
    }
    await Promise.all(closing);
  }

  list(): UpstreamConnection[] {
    return [...this.connections.values()];
  }

  async closeAll(): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(all.map((connection) => connection.close()));
  }
}
