// A raw Streamable HTTP channel to one upstream: POSTs over upstream-http.ts (a raw keep-alive HTTP/1.1
// client for http URLs, fetch for https), JSON or SSE responses parsed without zod, on an upstream
// session — its own (initialize once, again when the upstream answers 404 for an expired session), or
// that of a client session's own SDK connection (`session` option, channel-pool.ts). Mcp-Session-Id and
// MCP-Protocol-Version go on every request. Every request gets a channel-wide id, so any number of
// client sessions share the upstream session and each response goes back to the call that sent it.
// The handshake is http-session.ts; an SSE answer that ends before the response is resumed by sse-resume.ts.
import { errorMessage, type Logger } from "../../lib/logger.ts";
import type { ServerConfig } from "../../modules/routing/model.ts";
import {
  type ChannelCall,
  defaultServerRequestHandler,
  REQUEST_CANCELLED,
  type ServerRequestHandler,
  type UpstreamChannel,
} from "./channel.ts";
import { initializeSession, postMessage, type UpstreamSession } from "./http-session.ts";
import { isResponse, type RpcMessage, type RpcResponse, timeoutError, unavailableError, upstreamError } from "./rpc.ts";
import { SessionKeeper } from "./session-keeper.ts";
import { SseParser } from "./sse-reader.ts";
import { readCallStream, type StreamHost } from "./sse-resume.ts";
import { UpstreamAsks } from "./upstream-asks.ts";
import { type AbortHandle, type UpstreamHttp, type UpstreamReply, upstreamHttp } from "./upstream-http.ts";

/** Ids on an adopted session start here: the SDK client that shares it numbers its requests from 0. */
const ADOPTED_ID_BASE = 2 ** 40;

export interface HttpChannelOptions {
  logger: Logger;
  onServerRequest?: ServerRequestHandler;
  /** Notifications the upstream sends on a call's stream (list changes, logs). */
  onNotification?: (method: string, params: unknown) => void;
  /**
   * Told when the upstream becomes unreachable (`error`: a refused connection, a failed handshake)
   * and when it answers again (null): only on changes, like UpstreamDeps.onHealth, whose debounced
   * writer it feeds. Without it a server used only through the fast lane looks healthy until a sweep.
   */
  onHealth?: (error: string | null) => void;
  /**
   * Send on a session someone else keeps (a client session's own SDK connection) instead of opening
   * one: `open` gives it (connecting first if need be), `expired` tells its keeper the upstream answered
   * 404 (it starts a new one; `open` is asked again). The keeper also ends it: no DELETE from here.
   */
  session?: { open: () => Promise<UpstreamSession>; expired: (sessionId: string | null) => void };
  /**
   * The upstream restarted or came back (a 404 for this channel's own session, or an answer after it
   * was down): whatever else holds a session with it (the SDK path's shared connection, with its
   * notification stream and list caches) should start over too.
   */
  onUpstreamRestarted?: () => void;
}

interface Pending {
  method: string;
  resolve: (response: RpcResponse) => void;
  timer: ReturnType<typeof setTimeout>;
  /** What the timer does when it fires (kept to re-arm it: progress resets a call's timeout). */
  onTimeout: () => void;
  /** Set while the call's stream is being resumed: stops the wait or the GET when the call settles. */
  stop: (() => void) | null;
}

export class HttpChannel implements UpstreamChannel {
  /** Notifications arriving on a call's own response stream are handed to that call. */
  readonly callNotifications = true;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  /** Requests the upstream sends us on a call's stream. */
  private readonly asks: UpstreamAsks;
  private readonly sessions: SessionKeeper;
  private closed = false;
  private readonly url: string;
  /** What sse-resume.ts needs to resume a call's stream; one per channel. */
  private readonly streams: StreamHost;
  /** Created on first use: a config with no or a bad URL fails its calls instead of its construction. */
  private http: UpstreamHttp | null = null;
  /** The last health told to `onHealth`: true after a failure until the upstream answers again. */
  private down = false;

  constructor(
    readonly config: ServerConfig,
    private readonly options: HttpChannelOptions,
  ) {
    this.url = config.url ?? "";
    if (options.session) this.nextId = ADOPTED_ID_BASE;
    this.asks = new UpstreamAsks(this.url, options.onServerRequest ?? defaultServerRequestHandler, options.logger);
    const adopted = options.session;
    this.sessions = new SessionKeeper(() =>
      adopted ? adopted.open() : initializeSession(config, this.url, ++this.nextId, options.logger),
    );
    this.streams = {
      url: this.url,
      waiting: (id) => this.pending.has(id),
      setStop: (id, stop) => {
        const pending = this.pending.get(id);
        if (pending) pending.stop = stop;
      },
      onResume: (id, lastEventId) =>
        options.logger.debug("upstream event stream ended before the response, resuming", {
          server: config.name,
          method: this.pending.get(id)?.method,
          lastEventId,
        }),
    };
  }

  async call(call: ChannelCall): Promise<RpcResponse> {
    const config = this.config;
    if (this.closed) return this.fail(unavailableError(config, "the connection was closed"));
    if (config.configError) return this.fail(unavailableError(config, config.configError));
    if (!config.url) return this.fail(unavailableError(config, "it has no URL"));
    let session: UpstreamSession;
    try {
      session = await this.sessions.get();
    } catch (error) {
      const failure = this.fail(unavailableError(config, errorMessage(error)));
      this.health(failure);
      return failure;
    }
    return this.send(session, call, true);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const id of [...this.pending.keys()])
      this.settle(id, this.fail(unavailableError(this.config, "the connection was closed")));
    const session = await this.sessions.clear();
    this.http?.close();
    if (session?.id && !this.options.session) {
      await fetch(this.url, { method: "DELETE", headers: session.headers, signal: AbortSignal.timeout(2_000) })
        .then((res) => res.body?.cancel())
        .catch(() => {});
    }
  }

  private fail(error: RpcResponse["error"]): RpcResponse {
    return { jsonrpc: "2.0", id: null, error };
  }

  private send(session: UpstreamSession, call: ChannelCall, mayRetry: boolean): Promise<RpcResponse> {
    const id = ++this.nextId;
    const { method } = call;
    return new Promise<RpcResponse>((resolve) => {
      // Given up on (timeout, cancellation): the POST is dropped too, so a hung upstream holds no connection.
      const http: AbortHandle = { abort: null };
      const onTimeout = () => {
        this.settle(id, this.fail(timeoutError(this.config, method)));
        http.abort?.();
        this.notifyCancelled(session, id, "timeout");
      };
      const timer = setTimeout(onTimeout, this.config.timeoutMs);
      this.pending.set(id, { method, resolve, timer, onTimeout, stop: null });
      if (call.cancellation) {
        call.cancellation.cancel = (reason) => {
          if (!this.pending.has(id)) return;
          this.settle(id, this.fail({ code: REQUEST_CANCELLED, message: "Request cancelled" }));
          http.abort?.();
          this.notifyCancelled(session, id, reason);
        };
      }
      let sent: Promise<UpstreamReply>;
      try {
        this.http ??= upstreamHttp(this.url);
        const body = JSON.stringify({ jsonrpc: "2.0", id, method, params: call.params });
        sent = this.http.post(session.headers, body, http);
      } catch (error) {
        sent = Promise.reject(error);
      }
      sent.then(
        (res) => {
          if (this.down) {
            this.health(null);
            this.options.onUpstreamRestarted?.();
          }
          return this.consume(res, id, session, call, mayRetry);
        },
        (error) => {
          if (!this.pending.has(id)) return; // given up on already (timeout, cancellation, close)
          // No HTTP answer at all (refused, reset): the upstream is down, not just this call failing.
          const failure = this.fail(unavailableError(this.config, `${method} failed: ${errorMessage(error)}`));
          this.health(failure);
          this.settle(id, failure);
        },
      );
    });
  }

  private async consume(
    res: UpstreamReply,
    id: number,
    session: UpstreamSession,
    call: ChannelCall,
    mayRetry: boolean,
  ): Promise<void> {
    const pending = this.pending.get(id);
    if (res.status === 404 && session.id !== null && mayRetry && pending) {
      // The upstream forgot our session (restart, expiry): start a new one and send once more.
      res.cancel();
      this.pending.delete(id);
      clearTimeout(pending.timer);
      if (await this.sessions.forget(session)) this.options.session?.expired(session.id);
      this.options.logger.info("upstream session expired, initializing again", { server: this.config.name });
      if (!this.options.session) this.options.onUpstreamRestarted?.();
      let fresh: UpstreamSession;
      try {
        fresh = await this.sessions.get();
      } catch (error) {
        pending.resolve(this.fail(unavailableError(this.config, errorMessage(error))));
        return;
      }
      pending.resolve(await this.send(fresh, call, false));
      return;
    }
    try {
      if (!res.ok) {
        const text = await res.text().catch(() => "");
        this.settle(
          id,
          this.fail(
            unavailableError(
              this.config,
              `${call.method} failed: HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`,
            ),
          ),
        );
        return;
      }
      if (res.status === 202) {
        res.cancel();
        return; // answered elsewhere, if ever: the timeout decides
      }
      const type = res.header("content-type") ?? "";
      if (type.includes("text/event-stream")) {
        const parser = new SseParser((message) => this.route(message as RpcMessage, session, call, id));
        const failure = await readCallStream(this.streams, id, session.headers, parser, res);
        if (failure !== null) {
          this.settle(id, this.fail(unavailableError(this.config, `${call.method} failed: ${failure}`)));
          return;
        }
      } else if (type.includes("application/json")) {
        const body = JSON.parse(await res.text()) as RpcMessage | RpcMessage[];
        if (Array.isArray(body)) for (const message of body) this.route(message, session, call, id);
        else this.route(body, session, call, id);
      } else {
        res.cancel();
        this.settle(
          id,
          this.fail(unavailableError(this.config, `${call.method} failed: unexpected content type "${type}"`)),
        );
        return;
      }
    } catch (error) {
      this.settle(id, this.fail(unavailableError(this.config, `${call.method} failed: ${errorMessage(error)}`)));
      return;
    }
    if (this.pending.has(id)) {
      this.settle(id, this.fail(unavailableError(this.config, `the upstream ended ${call.method} without a response`)));
    }
  }

  /** One message from the upstream: a response to one of ours, a request to answer, or a notification. */
  private route(message: RpcMessage, session: UpstreamSession, call: ChannelCall, callId: number): void {
    if (message === null || typeof message !== "object") return;
    if (isResponse(message)) {
      if (typeof message.id !== "number") return;
      const response = message as RpcResponse;
      if (response.error !== undefined) {
        this.settle(message.id, this.fail(upstreamError(this.config, response.error)));
      } else {
        this.settle(message.id, response);
      }
      return;
    }
    if (typeof message.method !== "string") return;
    if (message.id === undefined) {
      if (message.method === "notifications/cancelled") {
        this.asks.cancelled(message.params);
        return;
      }
      // Progress means the upstream is working on it: its timeout starts again (the SDK path's
      // resetTimeoutOnProgress).
      if (message.method === "notifications/progress") this.rearm(callId);
      call.onNotification?.(message.method, message.params);
      this.options.onNotification?.(message.method, message.params);
      return;
    }
    this.asks.answer(session, message.id as string | number, message.method, message.params);
  }

  /** Reports a change of reachability: `failure` is the call's error response, null an HTTP answer. */
  private health(failure: RpcResponse | null): void {
    if (this.closed || (failure !== null) === this.down) return;
    this.down = failure !== null;
    this.options.onHealth?.(failure?.error?.message ?? null);
  }

  private rearm(id: number): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    pending.timer = setTimeout(pending.onTimeout, this.config.timeoutMs);
  }

  private settle(id: number, response: RpcResponse): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    pending.stop?.();
    pending.resolve(response);
  }

  private notifyCancelled(session: UpstreamSession, requestId: number, reason: string): void {
    void postMessage(this.url, session, {
      jsonrpc: "2.0",
      method: "notifications/cancelled",
      params: { requestId, reason },
    }).catch(() => {});
  }
}
