// The fast lane of client sessions: a plain tools/call or prompts/get (one message, no task, progress
// only over HTTP channels) on the upstream session the SDK path would use is run through the same chain as
// every other message and forwarded over a raw upstream channel (channel-pool.ts) — no SDK Server, no
// per-call SSE stream, no zod. Streamable HTTP POSTs come in through tryHandle (answered as HTTP
// responses); legacy SSE and WebSocket messages through tryMessage, called by SessionManager.dispatch
// (answered on the session's transport: an SSE event, a WebSocket frame). Anything else takes the SDK
// path unchanged. Eligibility is eligibility.ts. Which upstream session a call uses follows UpstreamPool (docs/architecture.md):
//   - non-isolated stdio server: always its one shared session → fast lane, whatever the client
//     declared. The call counts as in flight in `session.active`, so server→client requests on the
//     shared session are routed as on the SDK path (shared-requests.ts); a client that declared
//     sampling/elicitation/roots gets an event stream on which they are relayed to it;
//   - non-isolated Streamable HTTP server, client that declared none of those: the shared session;
//   - the same server, a client that declared one of them: the client session's own upstream session
//     (channel-pool.ts `owned`, sending on its SDK connection's session); the call is in flight in
//     `session.active` and answers on an event stream, where what the upstream asks is relayed;
//   - an isolated server: the client session's own connection (its own process for stdio, over that
//     SDK client's transport; its own session for Streamable HTTP), the call in `session.active`;
//   - legacy SSE and WebSocket upstreams: over the SDK client's transport, like stdio (channel-pool.ts).
// Running, tracking and cancelling the calls is fast-calls.ts; this file decides what is served and how
// it is answered. Client-visible behaviour is the SDK path's: the same result, the same errors (naming the server),
// the same timeouts, the same log rows; cancellation (notifications/cancelled) reaches the upstream.
import { type JSONRPCMessage, SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";
import { SSE_KEEPALIVE_MS } from "../../lib/sse-keepalive.ts";
import type { SessionRowWriter } from "../../modules/sessions/service.ts";
import type { NamespaceAggregator } from "../aggregator.ts";
import type { McpSessionState, RequestContext, SessionManagerDeps } from "../session-manager.ts";
import type { ChannelPool } from "./channel-pool.ts";
import { planCall } from "./eligibility.ts";
import { type FastCall, FastCalls } from "./fast-calls.ts";
import { CallStream, cancelledResponse, jsonResponse } from "./responses.ts";
import { FAST_EVENT_PREFIX, FastResumption, type ResumableCall } from "./resumption.ts";
import type { RpcMessage, RpcResponse } from "./rpc.ts";

export interface FastLaneDeps {
  aggregator: Pick<NamespaceAggregator, "resolveName">;
  channels: ChannelPool;
  runChain: SessionManagerDeps["runChain"];
  sessionRows?: SessionRowWriter;
  /**
   * A call not answered by then switches from a JSON answer to an event stream, which carries keepalive
   * comments (OMNIMESH_SSE_KEEPALIVE_MS, the default): a proxy in front of the gateway that closes a
   * connection quiet for 60 s would otherwise cut a long call that the SDK path (an event stream from
   * the start) gets through.
   */
  streamAfterMs?: number;
}

type Params = Record<string, unknown>;

/** From this protocol version on, the SDK transport makes a call's stream resumable (priming event). */
const RESUMABLE_SINCE = "2025-11-25";
/** A resumable call not answered by then switches from a JSON answer to a resumable event stream. */
const RESUMABLE_AFTER_MS = 100;

export class FastLane {
  private readonly calls: FastCalls;
  private readonly resumption = new FastResumption();
  /** Calls served by the fast lane, session-less ones (session-less.ts) included (health, tests). */
  served = 0;

  constructor(private readonly deps: FastLaneDeps) {
    this.calls = new FastCalls(deps.runChain);
  }

  /**
   * Serves a POST of an established Streamable HTTP session when it can, else returns null (the
   * caller hands the request to the session's SDK transport). `body` is the parsed JSON body.
   */
  tryHandle(request: Request, body: unknown, session: McpSessionState, ctx: RequestContext): Promise<Response> | null {
    if (session.kind !== "streamable-http" || !session.id) return null;
    if (request.method === "GET") return this.resume(request, session);
    if (request.method !== "POST") return null;
    if (body === null || typeof body !== "object" || Array.isArray(body)) return null;
    const message = body as RpcMessage;
    if (message.jsonrpc !== "2.0" || typeof message.method !== "string") return null;
    const params = message.params as Params | undefined;
    if (params === null || typeof params !== "object" || Array.isArray(params)) return null;
    // What the SDK transport would refuse (406, 400) it should refuse itself, in its own words.
    const accept = request.headers.get("accept");
    if (accept === null || !accept.includes("application/json") || !accept.includes("text/event-stream")) return null;
    const version = request.headers.get("mcp-protocol-version");
    if (version !== null && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) return null;

    if (message.method === "notifications/cancelled" && message.id === undefined) {
      const cancelled = this.calls.cancel(message, params, session, ctx);
      return cancelled ? cancelled.then(() => new Response(null, { status: 202 })) : null;
    }
    const plan = planCall(this.deps, message, params, session, ctx.route);
    if (!plan) return null;
    // What the session layer does with every message it dispatches.
    session.route = ctx.route;
    session.clientIp ??= ctx.clientIp;
    this.deps.sessionRows?.touch(session.id);
    const resumable = version !== null && version >= RESUMABLE_SINCE;
    const fast: FastCall = { cancellation: {}, stream: null, openStream: null };
    this.served++;
    const answered = this.calls.forward(plan, fast, session, ctx);
    // A client that may be asked something during the call (its requests, the upstream's logs about
    // it) can only hear it on the call's event stream: opened when the first such message comes.
    const lazyStream = (plan.tracked && plan.answers) || plan.progress;
    return this.answerOrStream(answered, fast, session, resumable, lazyStream);
  }

  /**
   * FAST-LANE HOOK for legacy SSE and WebSocket sessions (SessionManager.dispatch): serves a message
   * when it can and returns true; the answer is sent on the session's own transport (an SSE `message`
   * event, a WebSocket frame), as the SDK Server would send it. False: the SDK path takes the message.
   */
  tryMessage(message: RpcMessage, session: McpSessionState, ctx: RequestContext): boolean {
    if (session.kind === "streamable-http") return false; // tryHandle's, with its HTTP response
    const params = message.params as Params | undefined;
    if (params === null || typeof params !== "object" || Array.isArray(params)) return false;
    if (message.method === "notifications/cancelled" && message.id === undefined) {
      return this.calls.cancel(message, params, session, ctx) !== null;
    }
    const plan = planCall(this.deps, message, params, session, ctx.route);
    if (!plan) return false;
    // Related messages (a relayed sampling request) share the session's one stream or socket anyway.
    this.served++;
    void this.calls.forward(plan, { cancellation: {}, stream: null }, session, ctx).then((response) => {
      if (response) void session.transport.send(response as JSONRPCMessage).catch(() => {});
    });
    return true;
  }

  /**
   * A call answered as JSON unless it needs an event stream first: a message related to it must reach
   * the client before the response (`fast.openStream`, fast-calls.ts, when `related` messages may come),
   * or it runs long — past RESUMABLE_AFTER_MS where the SDK transport would make the call's stream
   * resumable (protocol ≥ 2025-11-25, judged by the header as it does), else past `streamAfterMs`.
   * JSON costs client and gateway least; a stream opened for a resumable call has a priming event
   * carrying the id to resume from, and its response when it comes.
   */
  private answerOrStream(
    answered: Promise<RpcResponse | null>,
    fast: FastCall,
    session: McpSessionState,
    resumable: boolean,
    related: boolean,
  ) {
    return new Promise<Response>((resolve) => {
      let record: ResumableCall | null = null;
      let timer: ReturnType<typeof setTimeout> | null = null;
      const open = () => {
        if (fast.stream) return fast.stream;
        if (timer) clearTimeout(timer);
        record = resumable ? this.resumption.open(session) : null;
        const stream = new CallStream(session.id);
        if (record) stream.prime(record.eventId);
        fast.stream = stream; // messages related to the call go there from now on
        resolve(stream.response);
        return stream;
      };
      if (resumable || related) fast.openStream = open;
      timer = resumable
        ? setTimeout(open, RESUMABLE_AFTER_MS)
        : // Bun sends the headers with the first bytes: a comment gets them out now, not at the first keepalive.
          setTimeout(() => open().comment(), this.deps.streamAfterMs ?? SSE_KEEPALIVE_MS);
      void answered.then((response) => {
        fast.openStream = null;
        if (fast.stream) return this.finish(fast.stream, record, response);
        if (timer) clearTimeout(timer);
        resolve(response ? jsonResponse(response, session.id) : cancelledResponse(session.id));
      });
    });
  }

  private finish(stream: CallStream, record: ResumableCall | null, response: RpcResponse | null): void {
    if (record) this.resumption.settle(record, response);
    if (response) stream.write(response);
    stream.end();
  }

  /** GET with the Last-Event-ID of a fast call's priming event: its response (resumption.ts). */
  private resume(request: Request, session: McpSessionState): Promise<Response> | null {
    const lastEventId = request.headers.get("last-event-id");
    if (!lastEventId?.startsWith(FAST_EVENT_PREFIX)) return null;
    if (!request.headers.get("accept")?.includes("text/event-stream")) return null; // the SDK path's 406
    const response = this.resumption.resume(session, lastEventId);
    return response ? Promise.resolve(response) : null;
  }
}
