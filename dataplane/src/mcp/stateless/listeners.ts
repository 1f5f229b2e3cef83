// subscriptions/listen of the stateless revision 2026-07-28: one request-scoped SSE stream carries
// the change notifications its filter opted into (tools/prompts/resources list_changed, and
// resources/updated for the URIs it names), each stamped with the subscriptionId (the request's id).
// It replaces resources/subscribe + the GET stream of the session-based revisions.
//   - Upstream notifications are tapped next to the session router (upstreams.events is wrapped), so
//     sessions and listeners hear the same upstream sessions; nothing is built per notification.
//   - resources/updated reuses ResourceSubscriptions under a pseudo session id ("listen:<uuid>"): one
//     upstream subscription per URI however many sessions and listeners want it, released when the
//     stream closes.
import { randomUUID } from "node:crypto";
import type { Notification, RequestId } from "@modelcontextprotocol/sdk/types.js";
import { AppError } from "../../lib/app-error.ts";
import type { Logger } from "../../lib/logger.ts";
import type { NamespaceRoute } from "../../modules/routing/model.ts";
import type { NamespaceAggregator } from "../aggregator.ts";
import type { UpstreamConnection } from "../upstreams/upstream-connection.ts";
import type { UpstreamPool } from "../upstreams/upstream-pool.ts";

const SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";
const PSEUDO_PREFIX = "listen:";

export interface SubscriptionFilter {
  toolsListChanged?: boolean;
  promptsListChanged?: boolean;
  resourcesListChanged?: boolean;
  resourceSubscriptions?: string[];
}

type ListFlag = "toolsListChanged" | "promptsListChanged" | "resourcesListChanged";
const LIST_FLAGS: Record<string, ListFlag> = {
  "notifications/tools/list_changed": "toolsListChanged",
  "notifications/prompts/list_changed": "promptsListChanged",
  "notifications/resources/list_changed": "resourcesListChanged",
};

interface Listener {
  /** Pseudo session id its resource subscriptions are held under. */
  key: string;
  /** The credential that opened it (Principal.apiKeyId): only it may cancel the stream. */
  owner: string;
  subscriptionId: RequestId;
  route: NamespaceRoute;
  filter: SubscriptionFilter;
  send: (message: Record<string, unknown>) => void;
  /** Ends the stream from our side (the client cancelled it). */
  end: () => void;
}

/** The filter of a subscriptions/listen request; bad shapes are the caller's error (-32602). */
export function parseFilter(params: Record<string, unknown> | undefined): SubscriptionFilter {
  const raw = params?.notifications;
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    throw new AppError("INVALID_PARAMS", "subscriptions/listen needs params.notifications (a SubscriptionFilter)");
  }
  const filter: SubscriptionFilter = {};
  for (const flag of Object.values(LIST_FLAGS)) {
    const value = (raw as Record<string, unknown>)[flag];
    if (value === undefined) continue;
    if (typeof value !== "boolean") throw new AppError("INVALID_PARAMS", `notifications.${flag} must be a boolean`);
    filter[flag] = value;
  }
  const uris = (raw as Record<string, unknown>).resourceSubscriptions;
  if (uris !== undefined) {
    if (!Array.isArray(uris) || uris.some((uri) => typeof uri !== "string")) {
      throw new AppError("INVALID_PARAMS", "notifications.resourceSubscriptions must be an array of URI strings");
    }
    filter.resourceSubscriptions = [...new Set(uris as string[])];
  }
  return filter;
}

export class StatelessListeners {
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly aggregator: NamespaceAggregator,
    private readonly upstreams: UpstreamPool,
    private readonly logger: Logger,
  ) {
    const inner = upstreams.events;
    if (!inner) throw new Error("StatelessListeners needs the session router installed first (SessionManager)");
    upstreams.events = {
      onNotification: (connection, notification) => {
        inner.onNotification(connection, notification);
        this.deliver(connection, notification);
      },
      onRequest: (connection, request, extra) => inner.onRequest(connection, request, extra),
      onConnected: (connection) => inner.onConnected(connection),
    };
  }

  /** Open streams (operators, tests). */
  get size(): number {
    return this.listeners.size;
  }

  /**
   * Subscribes what the filter asks for and answers the stream: the acknowledgement (the part of the
   * filter honored: a URI no server offers or can subscribe to is left out), then notifications until
   * the client goes away.
   */
  async open(
    route: NamespaceRoute,
    owner: string,
    subscriptionId: RequestId,
    filter: SubscriptionFilter,
    signal: AbortSignal,
  ): Promise<ReadableStream<Uint8Array>> {
    const key = `${PSEUDO_PREFIX}${randomUUID()}`;
    const subscribed: string[] = [];
    for (const uri of filter.resourceSubscriptions ?? []) {
      try {
        await this.aggregator.handle("resources/subscribe", { uri }, { route, sessionId: key, signal });
        subscribed.push(uri);
      } catch (error) {
        this.logger.debug("listen: resource not subscribed", { uri, error: String(error) });
      }
    }
    const honored: SubscriptionFilter = {
      ...(filter.toolsListChanged ? { toolsListChanged: true } : {}),
      ...(filter.promptsListChanged ? { promptsListChanged: true } : {}),
      ...(filter.resourcesListChanged ? { resourcesListChanged: true } : {}),
      ...(filter.resourceSubscriptions ? { resourceSubscriptions: subscribed } : {}),
    };
    const encoder = new TextEncoder();
    let listener: Listener | null = null;
    // Keepalive comments on a quiet stream come from the Streamable HTTP handler (lib/sse-keepalive.ts).
    const close = () => {
      if (!listener || !this.listeners.delete(listener)) return;
      void this.aggregator.subscriptions.dropSession(key);
      void this.upstreams.closeSession(key);
    };
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        const write = (frame: string) => {
          try {
            controller.enqueue(encoder.encode(frame));
          } catch {
            close();
          }
        };
        const send = (message: Record<string, unknown>) =>
          write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
        const end = () => {
          close();
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        };
        listener = { key, owner, subscriptionId, route, filter: honored, send, end };
        this.listeners.add(listener);
        send(this.notification("notifications/subscriptions/acknowledged", { notifications: honored }, listener));
        signal.addEventListener("abort", close, { once: true });
        if (signal.aborted) close();
      },
      cancel: close,
    });
  }

  /**
   * notifications/cancelled for a listen request: its stream ends and its subscriptions are released.
   * Only a stream of the same credential, and only when exactly one matches — two clients sharing a
   * key may both have used the same request id, and a guess must not end the other's stream.
   */
  cancel(owner: string, requestId: unknown): boolean {
    const matches = [...this.listeners].filter(
      (listener) => listener.owner === owner && listener.subscriptionId === requestId,
    );
    if (matches.length !== 1) return false;
    matches[0]!.end();
    return true;
  }

  private deliver(connection: UpstreamConnection, notification: Notification): void {
    if (this.listeners.size === 0) return;
    const { method } = notification;
    if (method === "notifications/resources/updated") {
      const uri = (notification.params as { uri?: unknown } | undefined)?.uri;
      if (typeof uri !== "string") return;
      const subscribers = this.aggregator.subscriptions.subscribers(connection, uri);
      for (const listener of this.listeners) {
        if (subscribers.has(listener.key)) listener.send(this.notification(method, { uri }, listener));
      }
      return;
    }
    const flag = LIST_FLAGS[method];
    // A session's own upstream session speaks for that session only.
    if (!flag || (connection.owner && !connection.owner.startsWith(PSEUDO_PREFIX))) return;
    const serverId = connection.config.id;
    for (const listener of this.listeners) {
      if (listener.filter[flag] && listener.route.servers.some((server) => server.id === serverId)) {
        listener.send(this.notification(method, {}, listener));
      }
    }
  }

  private notification(method: string, params: Record<string, unknown>, listener: Listener) {
    return { jsonrpc: "2.0", method, params: { ...params, _meta: { [SUBSCRIPTION_ID]: listener.subscriptionId } } };
  }
}
