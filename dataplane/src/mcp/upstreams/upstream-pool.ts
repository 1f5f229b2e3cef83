// All upstream connections of the process. Shared servers have one connection each; servers marked
// `isolated` get one per client session, closed with the session. A changed server row (new
// fingerprint) replaces its connection on next use.
import type { ServerConfig } from "../../modules/routing/model.ts";
import { UpstreamConnection, type UpstreamDeps } from "./upstream-connection.ts";

export class UpstreamPool {
  private readonly connections = new Map<string, UpstreamConnection>();

  constructor(private readonly deps: UpstreamDeps) {}

  get(config: ServerConfig, sessionId: string | null): UpstreamConnection {
    const key = config.isolated ? `${config.id}:${sessionId ?? "-"}` : config.id;
    const existing = this.connections.get(key);
    if (existing && existing.config.fingerprint === config.fingerprint) return existing;
    if (existing) void existing.close();
    const connection = new UpstreamConnection(config, this.deps);
    this.connections.set(key, connection);
    return connection;
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
