// /…/mcp, Streamable HTTP. With Mcp-Session-Id: the caller's session's SDK transport answers. Without:
// an initialize opens a session (protocol ≤ 2025-11-25), and a request declaring the stateless
// revision 2026-07-28 is answered at once by the stateless dispatcher (JSON, or a request-scoped SSE
// stream when the client accepts only that).
import type { JSONRPCMessage, JSONRPCNotification, JSONRPCRequest } from "@modelcontextprotocol/sdk/types.js";
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
import type { StatelessDispatcher } from "../../mcp/stateless-dispatcher.ts";
import { type Admission, Attempt, type Endpoint, type McpEdge } from "./edge.ts";

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
    // A progress token asks for notifications/progress, and the request's own SSE stream is the only
    // channel a stateless request has for them: stream the answer when the client accepts one.
    if (kind === "request" && hasProgressToken(message) && acceptedTypes(accept).includes("text/event-stream")) {
      return progressStream(request.signal, (signal, sendProgress) =>
        this.dispatcher.dispatch(message, admission.ctx, { ...options, signal, sendProgress }),
      );
    }
    const response = await this.dispatcher.dispatch(message, admission.ctx, options);
    if (!response) return new Response(null, { status: 202 });
    return respond(response, accept);
  }
}

function hasProgressToken(message: JSONRPCRequest | JSONRPCNotification): boolean {
  const meta = (message.params as { _meta?: { progressToken?: unknown } } | undefined)?._meta;
  return meta?.progressToken !== undefined && meta.progressToken !== null;
}

function acceptedTypes(accept: string | null): string[] {
  return (accept ?? "").split(",").map((part) => part.split(";")[0]!.trim().toLowerCase());
}

const sseEvent = (message: unknown) => new TextEncoder().encode(`event: message\ndata: ${JSON.stringify(message)}\n\n`);

/** An SSE response: the upstream's progress as it comes, then the answer, and the stream ends. */
function progressStream(
  requestSignal: AbortSignal,
  dispatch: (
    signal: AbortSignal,
    sendProgress: (params: Record<string, unknown>) => void,
  ) => Promise<JSONRPCMessage | null>,
): Response {
  let open = true;
  // Once the headers are out, Bun reports a client that goes away as the body's cancel, not always
  // through request.signal: either one cancels the call (the revision's cancellation).
  const closed = new AbortController();
  const signal = AbortSignal.any([requestSignal, closed.signal]);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      // Bun sends the headers with the first chunk: a comment (ignored by SSE parsers) opens the stream
      // now, so a client sees 200 at once and may cancel a long call by closing it.
      controller.enqueue(new TextEncoder().encode(": stream open\n\n"));
      const send = (message: unknown) => {
        if (open) controller.enqueue(sseEvent(message));
      };
      dispatch(signal, (params) => send({ jsonrpc: "2.0", method: "notifications/progress", params })).then(
        (response) => {
          if (response) send(response);
          if (open) controller.close();
          open = false;
        },
        (error: unknown) => {
          if (open) controller.error(error);
          open = false;
        },
      );
    },
    cancel() {
      open = false;
      closed.abort();
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
}

/** JSON unless the client accepts only an event stream; then one `message` event, and the stream ends. */
function respond(message: JSONRPCMessage, accept: string | null): Response {
  const types = acceptedTypes(accept);
  const json =
    accept === null || types.some((type) => type === "application/json" || type === "*/*" || type === "application/*");
  if (json || !types.includes("text/event-stream")) return Response.json(message);
  return new Response(`event: message\ndata: ${JSON.stringify(message)}\n\n`, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
  });
}
