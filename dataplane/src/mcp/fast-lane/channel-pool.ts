// One fast-lane channel per shared upstream server: raw HTTP for Streamable HTTP servers (a session
// of its own, advertising no client capability, like the SDK path's shared session of that server),
// the SDK client's own transport for stdio (the one shared process), legacy SSE and WebSocket. A changed
// server row (new fingerprint) gets a new channel. Isolated servers have no shared channel (see
// `owned`). The HTTP channel's failures and recoveries go to the same health hook as the SDK
// path's (through the pool), so discovery hears of a server that only fast calls use.
// A client session that can be asked things (sampling, elicitation, roots) has an upstream session
// of its own on a Streamable HTTP server (UpstreamPool): `owned` gives a raw channel that sends on
// THAT session (adopted from its SDK connection, so the upstream sees one session per client, and
// what it asks during a call comes back on the call's stream and is routed to that client exactly as
// the SDK path routes it: UpstreamEvents.onRequest).
import { type ClientCapabilities, type JSONRPCRequest, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../../lib/logger.ts";
import type { ServerConfig } from "../../modules/routing/model.ts";
import type { UpstreamConnection } from "../upstreams/upstream-connection.ts";
import type { UpstreamPool } from "../upstreams/upstream-pool.ts";
import type { ServerRequestHandler, UpstreamChannel } from "./channel.ts";
import { HttpChannel } from "./http-channel.ts";
import { adoptedSession } from "./http-session.ts";
import { SdkChannel } from "./sdk-channel.ts";

interface Entry {
  fingerprint: string;
  channel: UpstreamChannel;
}

export interface ChannelPoolDeps {
  upstreams: UpstreamPool;
  logger: Logger;
  onServerRequest?: ServerRequestHandler;
}

export class ChannelPool {
  private readonly channels = new Map<string, Entry>();
  /** Channels on client sessions' own connections; each closes with its connection. */
  private readonly ownedChannels = new WeakMap<UpstreamConnection, UpstreamChannel>();

  constructor(private readonly deps: ChannelPoolDeps) {}

  /** The server's channel, or null when its calls must take the slow path. */
  get(config: ServerConfig): UpstreamChannel | null {
    const existing = this.channels.get(config.id);
    if (existing && existing.fingerprint === config.fingerprint) return existing.channel;
    if (config.isolated) return null;
    let channel: UpstreamChannel;
    if (config.transport === "streamable-http") {
      channel = new HttpChannel(config, {
        logger: this.deps.logger,
        onServerRequest: this.deps.onServerRequest,
        onNotification: (method, params) => {
          // A replaced channel (changed row) must not make the pool reopen the old row's connection.
          if (this.channels.get(config.id)?.fingerprint !== config.fingerprint) return;
          this.notified(this.deps.upstreams.get(config, null), method, params);
        },
        onHealth: (error) => {
          if (this.channels.get(config.id)?.channel === channel) this.deps.upstreams.reportHealth(config, error);
        },
        // The shared SDK connection's notification stream died with the old process and its lists are
        // stale; only fast calls may be reaching the server now, so it would not notice: reconnect it.
        onUpstreamRestarted: () => {
          if (this.channels.get(config.id)?.channel !== channel) return;
          const connection = this.deps.upstreams.get(config, null);
          connection.sessionExpired();
          void connection.getClient().catch(() => {});
        },
      });
    } else {
      // stdio (the one shared process), legacy SSE and WebSocket: over the SDK client's own transport.
      channel = new SdkChannel(config, () => this.deps.upstreams.get(config, null));
    }
    if (existing) void existing.channel.close();
    this.channels.set(config.id, { fingerprint: config.fingerprint, channel });
    return channel;
  }

  /**
   * The channel of a client session's own upstream connection (`capabilities`: what its client can
   * answer, as the session layer asks the pool for it) — an isolated server's, or an HTTP-based
   * server's for a client that can be asked things: Streamable HTTP sends on its adopted session, the
   * other transports over its SDK client's transport (stdio: the session's own process). Null for a
   * non-isolated stdio server, which has no connection of the session's.
   */
  owned(config: ServerConfig, sessionId: string, capabilities: ClientCapabilities): UpstreamChannel | null {
    const http = config.transport === "streamable-http";
    // A non-isolated stdio server has one process for everyone: there is no connection of the session's.
    if (config.transport === "stdio" && !config.isolated) return null;
    const connection = this.deps.upstreams.get(config, sessionId, capabilities);
    const existing = this.ownedChannels.get(connection);
    if (existing) return existing;
    const channel = http ? this.adoptingChannel(config, connection) : new SdkChannel(config, () => connection);
    this.ownedChannels.set(connection, channel);
    connection.onClosed(() => {
      this.ownedChannels.delete(connection);
      void channel.close();
    });
    return channel;
  }

  /** A raw HTTP channel that sends on `connection`'s upstream session instead of opening its own. */
  private adoptingChannel(config: ServerConfig, connection: UpstreamConnection): HttpChannel {
    return new HttpChannel(config, {
      logger: this.deps.logger,
      session: {
        open: async () => {
          const session = await connection.httpSession();
          return adoptedSession(config, session?.id ?? null, session?.protocolVersion ?? "");
        },
        expired: (sessionId) => connection.sessionExpired(sessionId),
      },
      onServerRequest: (method, params, signal) => this.askOwner(connection, method, params, signal),
      onNotification: (method, params) => this.notified(connection, method, params),
      onHealth: (error) => this.deps.upstreams.reportHealth(config, error),
    });
  }

  /** A server→client request on an owned channel's call stream: routed as the SDK connection's would be. */
  private async askOwner(connection: UpstreamConnection, method: string, params: unknown, signal: AbortSignal) {
    if (method === "ping") return { result: {} };
    const events = this.deps.upstreams.events;
    const request = { jsonrpc: "2.0", id: 0, method, params } as JSONRPCRequest;
    const extra = {
      signal,
      requestId: 0,
      // The client's progress on a relayed request goes upstream on the same session.
      sendNotification: (notification: { method: string; params?: Record<string, unknown> }) =>
        connection.notify(notification as never),
    };
    try {
      if (!events) throw new McpError(-32601, `Omnimesh does not relay ${method} to clients`);
      return { result: (await events.onRequest(connection, request, extra as never)) as Record<string, unknown> };
    } catch (error) {
      const code = error instanceof McpError ? error.code : -32603;
      return { error: { code, message: error instanceof Error ? error.message : String(error) } };
    }
  }

  /**
   * What the upstream says on a fast call's stream, treated as if the SDK connection of that session
   * had heard it: list changes empty its list caches (it owns them), and list changes and log messages
   * reach the client sessions it serves (server-requests.ts decides who and how).
   */
  private notified(connection: UpstreamConnection, method: string, params: unknown): void {
    const listChanged = method.endsWith("/list_changed");
    if (!listChanged && method !== "notifications/message") return;
    if (listChanged) connection.forgetLists(method);
    const notification = params === undefined ? { method } : { method, params: params as Record<string, unknown> };
    this.deps.upstreams.events?.onNotification(connection, notification);
  }

  async closeServer(serverId: string): Promise<void> {
    const entry = this.channels.get(serverId);
    this.channels.delete(serverId);
    await entry?.channel.close();
  }

  async closeAll(): Promise<void> {
    const all = [...this.channels.values()];
    this.channels.clear();
    await Promise.all(all.map((entry) => entry.channel.close()));
  }
}
