// The fast lane of client sessions: a plain tools/call or prompts/get (one message, no progress token,
// no task) whose upstream would be the SHARED session of its server is run through the same chain as
// every other message and forwarded over a raw upstream channel (channel-pool.ts) — no SDK Server, no
// per-call SSE stream, no zod. Streamable HTTP POSTs come in through tryHandle (answered as HTTP
// responses); legacy SSE and WebSocket messages through tryMessage, called by SessionManager.dispatch
// (answered on the session's transport: an SSE event, a WebSocket frame). Anything else takes the SDK
// path unchanged. Eligibility is eligibility.ts. Which upstream session a call uses follows UpstreamPool (docs/architecture.md):
//   - non-isolated stdio server: always its one shared session → fast lane, whatever the client
//     declared. The call counts as in flight in `session.active`, so server→client requests on the
//     shared session are routed as on the SDK path (shared-requests.ts); a client that declared
//     sampling/elicitation/roots gets an event stream on which they are relayed to it;
//   - non-isolated HTTP server, client that declared none of those: the shared session → fast lane;
//   - a client that declared one of them on an HTTP-based server, isolated servers, SSE/WebSocket
//     upstreams: a session of the client's own → SDK path.
// Client-visible behaviour is the SDK path's: the same result, the same errors (naming the server),
// the same timeouts, the same log rows; cancellation (notifications/cancelled) reaches the upstream.
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { type JSONRPCMessage, SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";
import { prefixedName } from "@omnimesh/db/names";
import { toRpcError } from "../../lib/app-error.ts";
import type { SessionRowWriter } from "../../modules/sessions/service.ts";
import type { NamespaceAggregator } from "../aggregator.ts";
import type { McpCall, McpOutcome } from "../chain.ts";
import type { McpSessionState, RequestContext, SessionManagerDeps } from "../session-manager.ts";
import { type Cancellation, REQUEST_CANCELLED } from "./channel.ts";
import type { ChannelPool } from "./channel-pool.ts";
import { type CallPlan, planCall } from "./eligibility.ts";
import { CallStream, cancelledResponse, jsonResponse } from "./responses.ts";
import { FAST_EVENT_PREFIX, FastResumption, type ResumableCall } from "./resumption.ts";
import { errorResponse, isRpcId, type RpcId, type RpcMessage, type RpcResponse } from "./rpc.ts";

export interface FastLaneDeps {
  aggregator: Pick<NamespaceAggregator, "resolveName">;
  channels: ChannelPool;
  runChain: SessionManagerDeps["runChain"];
  sessionRows?: SessionRowWriter;
}

type Params = Record<string, unknown>;

/** From this protocol version on, the SDK transport makes a call's stream resumable (priming event). */
const RESUMABLE_SINCE = "2025-11-25";
/** A resumable call not answered by then switches from a JSON answer to a resumable event stream. */
const RESUMABLE_AFTER_MS = 100;

/** A call of a session on the fast lane, by the client's request id. */
interface FastCall {
  cancellation: Cancellation;
  /** Set when the call answers on an event stream (messages related to it are written there). */
  stream: CallStream | null;
  /** ": <reason>" of a cancellation, as the SDK path logs it. */
  reason?: string;
}

export class FastLane {
  private readonly inFlight = new WeakMap<McpSessionState, Map<RpcId, FastCall>>();
  private readonly resumption = new FastResumption();
  /** Calls served by the fast lane, session-less ones (session-less.ts) included (health, tests). */
  served = 0;

  constructor(private readonly deps: FastLaneDeps) {}

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
      const cancelled = this.cancel(message, params, session, ctx);
      return cancelled ? cancelled.then(() => new Response(null, { status: 202 })) : null;
    }
    const plan = planCall(this.deps, message, params, session, ctx.route);
    if (!plan) return null;
    // What the session layer does with every message it dispatches.
    session.route = ctx.route;
    session.clientIp ??= ctx.clientIp;
    this.deps.sessionRows?.touch(session.id);
    const { stdio, answers } = plan;
    // A client that may be asked something during a stdio call gets an event stream from the start.
    const resumable = version !== null && version >= RESUMABLE_SINCE;
    const stream = stdio && answers ? new CallStream(session.id) : null;
    const record = stream && resumable ? this.resumption.open(session) : null;
    if (record) stream!.prime(record.eventId);
    const fast: FastCall = { cancellation: {}, stream };
    const answered = this.forward(plan, fast, session, ctx);
    if (stream) {
      void answered.then((response) => this.finish(stream, record, response));
      return Promise.resolve(stream.response);
    }
    if (!resumable) {
      return answered.then((response) =>
        response ? jsonResponse(response, session.id) : cancelledResponse(session.id),
      );
    }
    return this.answerOrResume(answered, fast, session);
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
      return this.cancel(message, params, session, ctx) !== null;
    }
    const plan = planCall(this.deps, message, params, session, ctx.route);
    if (!plan) return false;
    // Related messages (a relayed sampling request) share the session's one stream or socket anyway.
    void this.forward(plan, { cancellation: {}, stream: null }, session, ctx).then((response) => {
      if (response) void session.transport.send(response as JSONRPCMessage).catch(() => {});
    });
    return true;
  }

  /**
   * Runs an eligible call through the chain and over its upstream channel. Resolves with the response
   * for the client, or null when the client cancelled the call (it gets none).
   */
  private forward(plan: CallPlan, fast: FastCall, session: McpSessionState, ctx: RequestContext) {
    const { id, method, server, stdio, channel } = plan;
    this.served++;
    const upstreamParams: Params = { ...plan.params, name: plan.name };
    const call: McpCall = {
      message: plan.message as McpCall["message"],
      method,
      id,
      params: plan.params,
      principal: ctx.principal,
      route: ctx.route,
      sessionId: session.id,
      transport: session.kind,
      // Policies, limits and logs always see the canonical "<server>__<name>".
      toolName: prefixedName(server.name, plan.name),
      server,
      clientIp: ctx.clientIp,
      requestBytes: ctx.requestBytes,
      startedAt: performance.now(),
    };
    const terminal = async (): Promise<McpOutcome> => {
      const calls = this.callsOf(session);
      calls.set(id, fast);
      // In flight on the shared stdio session: server→client requests are routed by it (shared-requests.ts),
      // and the session layer's cancellation (its own path) aborts it.
      let controller: AbortController | null = null;
      if (stdio) {
        controller = new AbortController();
        controller.signal.addEventListener("abort", () => abortCall(fast, controller!.signal.reason), { once: true });
        session.active.set(id, { serverId: server.id, controller });
      }
      let upstream: RpcResponse;
      try {
        upstream = await channel.call({ method, params: upstreamParams, cancellation: fast.cancellation });
      } finally {
        if (calls.get(id) === fast) calls.delete(id);
        if (controller && session.active.get(id)?.controller === controller) session.active.delete(id);
      }
      // Logged as the SDK path logs a cancelled call (the client gets no response).
      if (fast.cancellation.cancelled)
        upstream = errorResponse(id, REQUEST_CANCELLED, `Request cancelled by the client${fast.reason}`);
      upstream.id = id;
      return { response: upstream as McpOutcome["response"] };
    };
    return this.deps.runChain(call, terminal).then(
      (outcome) => (fast.cancellation.cancelled ? null : (outcome.response as RpcResponse)),
      (error) => {
        const rpc = toRpcError(error);
        return errorResponse(id, rpc.code, rpc.message, rpc.data);
      },
    );
  }

  /**
   * Where the SDK transport would make the call's stream resumable (protocol ≥ 2025-11-25, judged by
   * the header as it does): a call answered within RESUMABLE_AFTER_MS gets its JSON body (nothing to
   * resume: the answer is already there, and JSON costs client and gateway least); a longer one gets an
   * event stream whose priming event carries the id to resume from, and its response when it comes.
   */
  private answerOrResume(answered: Promise<RpcResponse | null>, fast: FastCall, session: McpSessionState) {
    return new Promise<Response>((resolve) => {
      let record: ResumableCall | null = null;
      const timer = setTimeout(() => {
        record = this.resumption.open(session);
        const stream = new CallStream(session.id);
        stream.prime(record.eventId);
        fast.stream = stream; // messages related to the call go there from now on
        resolve(stream.response);
      }, RESUMABLE_AFTER_MS);
      void answered.then((response) => {
        if (record) return this.finish(fast.stream!, record, response);
        clearTimeout(timer);
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

  /** The session's fast calls; the first time, its transport learns to send related messages to them. */
  private callsOf(session: McpSessionState): Map<RpcId, FastCall> {
    let calls = this.inFlight.get(session);
    if (!calls) {
      calls = new Map();
      this.inFlight.set(session, calls);
      // SSE and WebSocket sessions have one stream or socket: nothing to redirect.
      if (session.kind === "streamable-http") relateToFastCalls(session.transport, calls);
    }
    return calls;
  }

  /** notifications/cancelled for a call of ours: logged like any notification, then sent upstream. */
  private cancel(
    message: RpcMessage,
    params: Params,
    session: McpSessionState,
    ctx: RequestContext,
  ): Promise<void> | null {
    const requestId = params.requestId;
    const fast = isRpcId(requestId) ? this.inFlight.get(session)?.get(requestId) : undefined;
    if (!fast) return null; // not ours: the SDK server may know it
    const call: McpCall = {
      message: message as McpCall["message"],
      method: "notifications/cancelled",
      id: undefined,
      params,
      principal: ctx.principal,
      route: ctx.route,
      sessionId: session.id,
      transport: session.kind,
      toolName: null,
      server: null,
      clientIp: ctx.clientIp,
      requestBytes: ctx.requestBytes,
      startedAt: performance.now(),
    };
    return this.deps
      .runChain(call, async () => {
        abortCall(fast, params.reason);
        return { response: null };
      })
      .then(
        () => {},
        () => {},
      );
  }
}

function abortCall(fast: FastCall, reason: unknown): void {
  if (fast.cancellation.cancelled) return;
  fast.cancellation.cancelled = true;
  fast.reason = typeof reason === "string" ? `: ${reason}` : "";
  fast.cancellation.cancel?.(typeof reason === "string" ? reason : "cancelled by the client");
}

/**
 * The SDK Server relates messages to a request by its id (a relayed sampling request, upstream logs —
 * server-requests.ts picks a call in flight from `session.active`). For a fast call the SDK transport
 * has no stream: such a message goes on the call's own event stream when it has one, else on the
 * session's standalone stream, where the SDK path sends messages whose request has no stream either.
 */
function relateToFastCalls(transport: Transport, calls: Map<RpcId, FastCall>): void {
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    const related = options?.relatedRequestId;
    const fast = related === undefined ? undefined : calls.get(related);
    if (!fast) return send(message, options);
    if (fast.stream?.writable) {
      fast.stream.write(message);
      return Promise.resolve();
    }
    return send(message, { ...options, relatedRequestId: undefined });
  };
}
