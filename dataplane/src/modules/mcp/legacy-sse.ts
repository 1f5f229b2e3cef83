// /…/sse + /…/messages: the legacy HTTP+SSE transport (protocol 2024-11-05). GET /sse opens a session
// and its event stream; POST /messages?sessionId=… takes one JSON-RPC message (202, the answer goes on
// the stream); GET /sse/replay/:sessionId re-attaches after the last event id the client saw.
import { randomBytes } from "node:crypto";
import { AppError } from "../../lib/app-error.ts";
import { LegacySseServerTransport } from "../../mcp/client-transports/legacy-sse-transport.ts";
import { asJsonRpcMessage } from "../../mcp/client-transports/plain-message.ts";
import { Attempt, type Endpoint, type McpEdge } from "./edge.ts";

export interface LegacySseOptions {
  keepAliveMs?: number;
  bufferSize?: number;
  /** How long a session outlives its lost stream, waiting for a replay. */
  detachedGraceMs?: number;
}

const SSE_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  // Proxies (nginx) must not buffer the stream.
  "x-accel-buffering": "no",
};

export class LegacySseHandler {
  constructor(
    private readonly edge: McpEdge,
    private readonly options: LegacySseOptions = {},
  ) {}

  async open(request: Request, endpoint: Endpoint, clientIp: string | null): Promise<Response> {
    const attempt = new Attempt(request, "sse", clientIp);
    try {
      const admission = await this.edge.admit(attempt, endpoint);
      const id = randomBytes(24).toString("base64url");
      const path = new URL(request.url).pathname.replace(/\/sse$/, "/messages");
      const transport = new LegacySseServerTransport(id, {
        endpoint: `${path}?sessionId=${id}`,
        keepAliveMs: this.options.keepAliveMs,
        bufferSize: this.options.bufferSize,
        detachedGraceMs: this.options.detachedGraceMs,
        onAbandoned: () => void this.edge.sessions.close(id),
      });
      const session = await this.edge.sessions.create(admission.ctx.principal, admission.route, {
        kind: "sse",
        transport,
        id,
      });
      this.edge.own(session, admission);
      return new Response(transport.attach(), { headers: SSE_HEADERS });
    } catch (error) {
      return this.edge.reject(attempt, error);
    }
  }

  async post(request: Request, endpoint: Endpoint, clientIp: string | null): Promise<Response> {
    const attempt = new Attempt(request, "sse", clientIp);
    try {
      const admission = await this.edge.admit(attempt, endpoint, { readBody: true });
      const sessionId = attempt.query?.get("sessionId");
      if (!sessionId) throw new AppError("BAD_REQUEST", "Bad Request: the sessionId query parameter is required");
      const session = this.edge.session(sessionId, admission, "sse");
      if (Array.isArray(admission.body)) {
        throw new AppError("BAD_REQUEST", "Invalid Request: POST one JSON-RPC message at a time (no batches)");
      }
      const message = asJsonRpcMessage(admission.body);
      if (!message) throw new AppError("BAD_REQUEST", "Invalid Request: body is not a JSON-RPC 2.0 message");
      (session.transport as LegacySseServerTransport).receive(message, { authInfo: admission.authInfo });
      return new Response("Accepted", { status: 202 });
    } catch (error) {
      return this.edge.reject(attempt, error);
    }
  }

  async replay(request: Request, endpoint: Endpoint, sessionId: string, clientIp: string | null): Promise<Response> {
    const attempt = new Attempt(request, "sse", clientIp);
    try {
      const admission = await this.edge.admit(attempt, endpoint);
      const session = this.edge.session(sessionId, admission, "sse");
      const raw = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after");
      const after = raw === null ? Number.NaN : Number(raw);
      if (!Number.isSafeInteger(after) || after < 0) {
        throw new AppError(
          "BAD_REQUEST",
          "Bad Request: send the last event id you received as the Last-Event-ID header or ?after=<id>",
        );
      }
      return new Response((session.transport as LegacySseServerTransport).attach(after), { headers: SSE_HEADERS });
    } catch (error) {
      return this.edge.reject(attempt, error);
    }
  }
}
