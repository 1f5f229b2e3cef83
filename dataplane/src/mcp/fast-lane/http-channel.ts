// A raw Streamable HTTP channel to one upstream: plain fetch (Bun keeps connections alive), JSON or
// SSE responses parsed without zod, its own upstream session (initialize once, Mcp-Session-Id and
// MCP-Protocol-Version on every request, initialize again when the upstream answers 404 for an
// expired session). Every request gets a channel-wide id, so any number of client sessions share the
// upstream session and each response goes back to the call that sent it.
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";
import { errorMessage, type Logger } from "../../lib/logger.ts";
import type { ServerConfig } from "../../modules/routing/model.ts";
import {
  type ChannelCall,
  defaultServerRequestHandler,
  REQUEST_CANCELLED,
  type ServerRequestHandler,
  type UpstreamChannel,
} from "./channel.ts";
import { isResponse, type RpcMessage, type RpcResponse, timeoutError, unavailableError, upstreamError } from "./rpc.ts";
import { readSseMessages } from "./sse-reader.ts";

const CONNECT_TIMEOUT_FLOOR_MS = 10_000;
const MAX_BACKOFF_MS = 30_000;
const CLIENT_INFO = { name: "omnimesh-gateway", version: "0.1.0" };

export interface HttpChannelOptions {
  logger: Logger;
  onServerRequest?: ServerRequestHandler;
  /** Notifications the upstream sends on a call's stream (list changes, logs). */
  onNotification?: (method: string, params: unknown) => void;
}

interface UpstreamSession {
  id: string | null;
  /** Sent with every request of the session (a shared object: fetch copies it). */
  headers: Record<string, string>;
}

interface Pending {
  method: string;
  resolve: (response: RpcResponse) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class HttpChannel implements UpstreamChannel {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private session: Promise<UpstreamSession> | null = null;
  private closed = false;
  private readonly url: string;
  // Like UpstreamConnection: after a failed handshake, calls fail fast until the backoff has passed.
  private failures = 0;
  private retryAt = 0;
  private lastError: string | null = null;

  constructor(
    readonly config: ServerConfig,
    private readonly options: HttpChannelOptions,
  ) {
    this.url = config.url ?? "";
  }

  async call(call: ChannelCall): Promise<RpcResponse> {
    const config = this.config;
    if (this.closed) return this.fail(unavailableError(config, "the connection was closed"));
    if (config.configError) return this.fail(unavailableError(config, config.configError));
    if (!config.url) return this.fail(unavailableError(config, "it has no URL"));
    let session: UpstreamSession;
    try {
      session = await this.ensureSession();
    } catch (error) {
      return this.fail(unavailableError(config, errorMessage(error)));
    }
    return this.send(session, call, true);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const id of [...this.pending.keys()])
      this.settle(id, this.fail(unavailableError(this.config, "the connection was closed")));
    const session = await this.session?.catch(() => null);
    this.session = null;
    if (session?.id) {
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
      const timer = setTimeout(() => {
        this.settle(id, this.fail(timeoutError(this.config, method)));
        this.notifyCancelled(session, id, "timeout");
      }, this.config.timeoutMs);
      this.pending.set(id, { method, resolve, timer });
      if (call.cancellation) {
        call.cancellation.cancel = (reason) => {
          if (!this.pending.has(id)) return;
          this.settle(id, this.fail({ code: REQUEST_CANCELLED, message: "Request cancelled" }));
          this.notifyCancelled(session, id, reason);
        };
      }
      fetch(this.url, {
        method: "POST",
        headers: session.headers,
        body: JSON.stringify({ jsonrpc: "2.0", id, method, params: call.params }),
      }).then(
        (res) => this.consume(res, id, session, call, mayRetry),
        (error) =>
          this.settle(id, this.fail(unavailableError(this.config, `${method} failed: ${errorMessage(error)}`))),
      );
    });
  }

  private async consume(
    res: Response,
    id: number,
    session: UpstreamSession,
    call: ChannelCall,
    mayRetry: boolean,
  ): Promise<void> {
    const pending = this.pending.get(id);
    if (res.status === 404 && session.id !== null && mayRetry && pending) {
      // The upstream forgot our session (restart, expiry): start a new one and send once more.
      void res.body?.cancel();
      this.pending.delete(id);
      clearTimeout(pending.timer);
      if (this.session && (await this.session.catch(() => null)) === session) this.session = null;
      this.options.logger.info("upstream session expired, initializing again", { server: this.config.name });
      let fresh: UpstreamSession;
      try {
        fresh = await this.ensureSession();
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
      if (res.status === 202 || !res.body) return; // answered elsewhere, if ever: the timeout decides
      const type = res.headers.get("content-type") ?? "";
      if (type.includes("text/event-stream")) {
        await readSseMessages(res.body, (message) => this.route(message as RpcMessage, session));
      } else if (type.includes("application/json")) {
        const body = (await res.json()) as RpcMessage | RpcMessage[];
        if (Array.isArray(body)) for (const message of body) this.route(message, session);
        else this.route(body, session);
      } else {
        void res.body.cancel();
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
  private route(message: RpcMessage, session: UpstreamSession): void {
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
      this.options.onNotification?.(message.method, message.params);
      return;
    }
    const handler = this.options.onServerRequest ?? defaultServerRequestHandler;
    void handler(message.method, message.params)
      .then((answer) => this.post(session, { jsonrpc: "2.0", id: message.id, ...answer }))
      .catch((error) => this.options.logger.debug("could not answer upstream request", { error: errorMessage(error) }));
  }

  private settle(id: number, response: RpcResponse): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    pending.resolve(response);
  }

  private notifyCancelled(session: UpstreamSession, requestId: number, reason: string): void {
    void this.post(session, { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId, reason } }).catch(
      () => {},
    );
  }

  private async post(session: UpstreamSession, message: Record<string, unknown>): Promise<void> {
    const res = await fetch(this.url, { method: "POST", headers: session.headers, body: JSON.stringify(message) });
    await res.body?.cancel();
  }

  private ensureSession(): Promise<UpstreamSession> {
    if (!this.session) {
      const wait = this.retryAt - Date.now();
      if (wait > 0) {
        return Promise.reject(new Error(`${this.lastError ?? "it failed"}; retrying in ${Math.ceil(wait / 1000)} s`));
      }
      const starting = this.initialize();
      this.session = starting;
      starting.then(
        () => {
          this.failures = 0;
          this.lastError = null;
        },
        (error) => {
          if (this.session === starting) this.session = null;
          this.lastError = errorMessage(error);
          this.retryAt = Date.now() + Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.failures++);
        },
      );
    }
    return this.session;
  }

  private async initialize(): Promise<UpstreamSession> {
    // Lower-cased so the configured headers cannot duplicate the ones the protocol needs.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.config.headers)) headers[name.toLowerCase()] = value;
    headers["content-type"] = "application/json";
    headers.accept = "application/json, text/event-stream";
    const signal = AbortSignal.timeout(Math.max(this.config.timeoutMs, CONNECT_TIMEOUT_FLOOR_MS));
    const id = ++this.nextId;
    const res = await fetch(this.url, {
      method: "POST",
      headers,
      signal,
      body: JSON.stringify({
        jsonrpc: "2.0",
        id,
        method: "initialize",
        params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: CLIENT_INFO },
      }),
    });
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`initialize failed: HTTP ${res.status}`);
    }
    const messages: RpcMessage[] = [];
    const type = res.headers.get("content-type") ?? "";
    if (type.includes("text/event-stream") && res.body) {
      await readSseMessages(res.body, (message) => messages.push(message as RpcMessage));
    } else {
      const body = (await res.json()) as RpcMessage | RpcMessage[];
      messages.push(...(Array.isArray(body) ? body : [body]));
    }
    const answer = messages.find((message) => message?.id === id && isResponse(message)) as RpcResponse | undefined;
    if (!answer) throw new Error("initialize failed: no response");
    if (answer.error) throw new Error(`initialize failed: ${answer.error.message}`);
    const version = answer.result?.protocolVersion;
    if (typeof version !== "string" || !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
      throw new Error(`initialize failed: unsupported protocol version ${String(version)}`);
    }
    const sessionId = res.headers.get("mcp-session-id");
    const session: UpstreamSession = {
      id: sessionId,
      headers: sessionId
        ? { ...headers, "mcp-protocol-version": version, "mcp-session-id": sessionId }
        : { ...headers, "mcp-protocol-version": version },
    };
    await this.post(session, { jsonrpc: "2.0", method: "notifications/initialized" });
    this.options.logger.debug("fast lane upstream session", { server: this.config.name, protocolVersion: version });
    return session;
  }
}
