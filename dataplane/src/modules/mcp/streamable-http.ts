// /…/mcp, Streamable HTTP. With Mcp-Session-Id: the caller's session's SDK transport answers. Without:
// an initialize opens a session (protocol ≤ 2025-11-25), and a request declaring the stateless
// revision 2026-07-28 is answered at once by the stateless dispatcher (JSON, or a request-scoped SSE
// stream when the client accepts only that, asked for progress or log messages, or the request runs
// longer than the keepalive interval: stateless-stream.ts).
import type { JSONRPCNotification, JSONRPCRequest } from "@modelcontextprotocol/sdk/types.js";
import { AppError } from "../../lib/app-error.ts";
import { SSE_KEEPALIVE_MS, withSseKeepAlive } from "../../lib/sse-keepalive.ts";
import { isInitialize, jsonRpcCallKind } from "../../mcp/client-transports/plain-message.ts";
import {
  checkModernEnvelope,
  HEADER_MISMATCH,
  isModernRequest,
  ProtocolVersionError,
} from "../../mcp/client-transports/protocol-2026.ts";
import type { FastLane } from "../../mcp/fast-lane/fast-lane.ts";
import { LOGGED_METHODS, logLevelOf } from "../../mcp/stateless/call-logs.ts";
import type { StatelessDispatcher } from "../../mcp/stateless-dispatcher.ts";
import { type Admission, Attempt, type Endpoint, type McpEdge } from "./edge.ts";
import {
  acceptsEventStream,
  answerOrLateStream,
  hasProgressToken,
  notificationStream,
  respond,
} from "./stateless-stream.ts";

export class StreamableHttpHandler {
  constructor(
    private readonly edge: McpEdge,
    private readonly dispatcher: StatelessDispatcher,
    /** FAST-LANE HOOK: serves plain tools/call and prompts/get without the SDK server (mcp/fast-lane). */
    private readonly fastLane: FastLane | null = null,
    /** Keepalive comments on quiet event streams (lib/sse-keepalive.ts). */
    private readonly keepAliveMs = SSE_KEEPALIVE_MS,
  ) {}

  async handle(request: Request, endpoint: Endpoint, clientIp: string | null): Promise<Response> {
    return withSseKeepAlive(await this.serve(request, endpoint, clientIp), this.keepAliveMs);
  }

  private async serve(request: Request, endpoint: Endpoint, clientIp: string | null): Promise<Response> {
    const attempt = new Attempt(request, "streamable-http", clientIp);
    try {
      const admission = await this.edge.admit(attempt, endpoint, { readBody: request.method === "POST" });
      const parsedBody = admission.body;
      const sessionId = request.headers.get("mcp-session-id");
      if (sessionId) {
        const session = this.edge.session(sessionId, admission, "streamable-http");
        // FAST-LANE HOOK: null when the message needs the SDK path (streaming, progress, own upstream, …).
        const fast = this.fastLane?.tryHandle(request, parsedBody, session, admission.ctx);
        if (fast) return await fast;
        return await session.http!.handleRequest(request, { parsedBody, authInfo: admission.authInfo });
      }
      const headerVersion = request.headers.get("mcp-protocol-version");
      if (request.method === "POST" && !isInitialize(parsedBody) && isModernRequest(parsedBody, headerVersion)) {
        return await this.stateless(request, admission, headerVersion);
      }
      if (request.method !== "POST" || !isInitialize(parsedBody)) {
        throw new AppError(
          "BAD_REQUEST",
          "Bad Request: Mcp-Session-Id header is required (send initialize first, or declare protocol version 2026-07-28)",
        );
      }
      const session = await this.edge.sessions.create(admission.ctx.principal, admission.route);
      this.edge.own(session, admission);
      return await session.http!.handleRequest(request, { parsedBody, authInfo: admission.authInfo });
    } catch (error) {
      return this.edge.reject(attempt, error);
    }
  }

  private async stateless(request: Request, admission: Admission, headerVersion: string | null): Promise<Response> {
    if (Array.isArray(admission.body)) {
      throw new AppError("BAD_REQUEST", "Invalid Request: protocol 2026-07-28 does not allow JSON-RPC batches");
    }
    const kind = jsonRpcCallKind(admission.body);
    if (kind === null) {
      throw new AppError("BAD_REQUEST", "Invalid Request: expected one JSON-RPC 2.0 request or notification");
    }
    const message = admission.body as JSONRPCRequest | JSONRPCNotification;
    checkModernEnvelope(message, headerVersion);
    const methodHeader = request.headers.get("mcp-method");
    if (methodHeader !== null && methodHeader !== message.method) {
      throw new ProtocolVersionError(
        HEADER_MISMATCH,
        `Header mismatch: Mcp-Method is ${methodHeader} but the body's method is ${message.method}`,
      );
    }
    if (message.method === "subscriptions/listen" && kind === "request") {
      const answer = await this.dispatcher.listen(message as JSONRPCRequest, admission.ctx, {
        transport: "streamable-http",
        era: "modern",
        signal: request.signal,
      });
      if (!(answer instanceof ReadableStream)) return respond(answer, request.headers.get("accept"));
      return new Response(answer, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
    }
    const options = { transport: "streamable-http", era: "modern", signal: request.signal } as const;
    const accept = request.headers.get("accept");
    // Progress (a progressToken) and log messages (a log level) travel on the request's own SSE
    // stream, the only channel a stateless request has: stream the answer when the client accepts one.
    const progress = kind === "request" && hasProgressToken(message);
    // A bad level is answered by the dispatcher (-32602, logged like any call); here it opens no stream.
    const level = kind === "request" && LOGGED_METHODS.has(message.method) ? logLevelOf(message) : null;
    if ((progress || level) && acceptsEventStream(accept)) {
      return notificationStream(request.signal, (signal, notify) =>
        this.dispatcher.dispatch(message, admission.ctx, {
          ...options,
          signal,
          sendProgress: progress ? (params) => notify("notifications/progress", params) : undefined,
          logs: level ? { level, send: (params) => notify("notifications/message", params) } : undefined,
        }),
      );
    }
    if (kind === "request" && acceptsEventStream(accept)) {
      return answerOrLateStream(
        request.signal,
        (signal) => this.dispatcher.dispatch(message, admission.ctx, { ...options, signal }),
        accept,
        this.keepAliveMs,
      );
    }
    const response = await this.dispatcher.dispatch(message, admission.ctx, options);
    if (!response) return new Response(null, { status: 202 });
    return respond(response, accept);
  }
}
