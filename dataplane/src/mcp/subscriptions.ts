// resources/subscribe across client sessions: each upstream connection is subscribed once per URI,
// whatever the number of client sessions interested; the upstream is unsubscribed when the last
// subscriber leaves (or its session closes). notifications/resources/updated from an upstream is
// delivered only to the sessions subscribed to that URI on that connection.
import { EmptyResultSchema } from "@modelcontextprotocol/sdk/types.js";
import type { UpstreamConnection } from "./upstreams/upstream-connection.ts";

export class ResourceSubscriptions {
  /** connection → uri → subscribed session ids. */
  private readonly byConnection = new Map<UpstreamConnection, Map<string, Set<string>>>();
  /** The upstream resources/subscribe still on its way, by the subscriber set it is for. */
  private readonly subscribing = new WeakMap<Set<string>, Promise<unknown>>();

  /**
   * Resolves once the upstream subscription is active — also for a session that joins one still on
   * its way, so nobody is told "subscribed" (a listen acknowledgement) before an update can reach it.
   */
  async subscribe(connection: UpstreamConnection, uri: string, sessionId: string): Promise<void> {
    let uris = this.byConnection.get(connection);
    if (!uris) {
      uris = new Map();
      this.byConnection.set(connection, uris);
    }
    const existing = uris.get(uri);
    if (existing) {
      existing.add(sessionId);
      // Its failure is this session's too (the first subscriber's catch below dropped the entry).
      await this.subscribing.get(existing);
      return;
    }
    const sessions = new Set([sessionId]);
    uris.set(uri, sessions);
    const request = connection.request({ method: "resources/subscribe", params: { uri } }, EmptyResultSchema);
    this.subscribing.set(sessions, request);
    try {
      await request;
    } catch (error) {
      if (uris.get(uri) === sessions) uris.delete(uri);
      throw error;
    } finally {
      this.subscribing.delete(sessions);
    }
  }

  /** After an upstream restart: subscribes the new upstream session to what the old one was. */
  async restore(connection: UpstreamConnection): Promise<void> {
    const uris = [...(this.byConnection.get(connection)?.keys() ?? [])];
    await Promise.all(
      uris.map((uri) =>
        connection
          .request({ method: "resources/subscribe", params: { uri } }, EmptyResultSchema)
          .catch(() => undefined),
      ),
    );
  }

  /** Removes one session's subscription; false when it had none for that URI. */
  async unsubscribe(uri: string, sessionId: string): Promise<boolean> {
    let found = false;
    for (const [connection, uris] of this.byConnection) {
      const sessions = uris.get(uri);
      if (!sessions?.delete(sessionId)) continue;
      found = true;
      if (sessions.size === 0) await this.release(connection, uris, uri);
    }
    return found;
  }

  /** Drops every subscription of a closed session. */
  async dropSession(sessionId: string): Promise<void> {
    const releases: Promise<void>[] = [];
    for (const [connection, uris] of this.byConnection) {
      for (const [uri, sessions] of uris) {
        if (sessions.delete(sessionId) && sessions.size === 0) releases.push(this.release(connection, uris, uri));
      }
    }
    await Promise.all(releases);
  }

  /** The sessions to tell about an update of `uri` from `connection`. */
  subscribers(connection: UpstreamConnection, uri: string): ReadonlySet<string> {
    return this.byConnection.get(connection)?.get(uri) ?? new Set();
  }

  /** Whether `connection` holds any upstream subscription (it must not be closed as idle). */
  holds(connection: UpstreamConnection): boolean {
    return this.byConnection.has(connection);
  }

  /** Upstream subscriptions currently held (operators, tests). */
  count(): number {
    let total = 0;
    for (const uris of this.byConnection.values()) total += uris.size;
    return total;
  }

  private async release(connection: UpstreamConnection, uris: Map<string, Set<string>>, uri: string): Promise<void> {
    uris.delete(uri);
    if (uris.size === 0) this.byConnection.delete(connection);
    // Best effort: a dead upstream has no subscription left to cancel anyway.
    await connection
      .request({ method: "resources/unsubscribe", params: { uri } }, EmptyResultSchema)
      .catch(() => undefined);
  }
}
