// One fast-lane channel per shared upstream server: raw HTTP for Streamable HTTP servers (a session
// of its own, advertising no client capability, like the SDK path's shared session of that server),
// the SDK client's own transport for stdio (the one shared process). A changed server row (new
// fingerprint) gets a new channel. Isolated servers and other transports have no channel: their calls
// take the SDK path. The HTTP channel's failures and recoveries go to the same health hook as the SDK
// path's (through the pool), so discovery hears of a server that only fast calls use.
import type { Logger } from "../../lib/logger.ts";
import type { ServerConfig } from "../../modules/routing/model.ts";
import type { UpstreamPool } from "../upstreams/upstream-pool.ts";
import type { ServerRequestHandler, UpstreamChannel } from "./channel.ts";
import { HttpChannel } from "./http-channel.ts";
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
        onNotification: (method, params) => this.notified(config, method, params),
        onHealth: (error) => {
          if (this.channels.get(config.id)?.channel === channel) this.deps.upstreams.reportHealth(config, error);
        },
      });
    } else if (config.transport === "stdio") {
      channel = new SdkChannel(config, () => this.deps.upstreams.get(config, null));
    } else {
      return null;
    }
    if (existing) void existing.channel.close();
    this.channels.set(config.id, { fingerprint: config.fingerprint, channel });
    return channel;
  }

  /**
   * What the upstream says on a fast call's stream, treated as if the SDK path's shared connection had
   * heard it: list changes empty its list caches (it owns them), and list changes and log messages
   * reach the client sessions of that server (server-requests.ts decides who and how).
   */
  private notified(config: ServerConfig, method: string, params: unknown): void {
    const listChanged = method.endsWith("/list_changed");
    if (!listChanged && method !== "notifications/message") return;
    // A replaced channel (changed row) must not make the pool reopen the old row's connection.
    if (this.channels.get(config.id)?.fingerprint !== config.fingerprint) return;
    const connection = this.deps.upstreams.get(config, null);
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
