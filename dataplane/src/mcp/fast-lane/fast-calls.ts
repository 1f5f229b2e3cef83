// The calls of the fast lane once they are eligible: each runs through the same chain as every other
// message and over its server's raw upstream channel, is tracked per session by the client's request
// id (for cancellation, and so that messages related to it reach the call's own event stream), and is
// cancelled by the client's notifications/cancelled. How a call is answered (JSON, event stream,
// resumption) is fast-lane.ts.
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { prefixedName } from "@omnimesh/db/names";
import { toRpcError } from "../../lib/app-error.ts";
import type { McpCall, McpOutcome } from "../chain.ts";
import type { McpSessionState, RequestContext, SessionManagerDeps } from "../session-manager.ts";
import { type Cancellation, REQUEST_CANCELLED } from "./channel.ts";
import type { CallPlan } from "./eligibility.ts";
import type { CallStream } from "./responses.ts";
import { errorResponse, isRpcId, type RpcId, type RpcMessage, type RpcResponse } from "./rpc.ts";

type Params = Record<string, unknown>;

/** A call of a session on the fast lane, by the client's request id. */
export interface FastCall {
  cancellation: Cancellation;
  /** Set when the call answers on an event stream (messages related to it are written there). */
  stream: CallStream | null;
  /** While the call may still switch from a JSON answer to an event stream: switches it (fast-lane.ts). */
  openStream?: (() => CallStream) | null;
  /** ": <reason>" of a cancellation, as the SDK path logs it. */
  reason?: string;
}

export class FastCalls {
  private readonly inFlight = new WeakMap<McpSessionState, Map<RpcId, FastCall>>();

  constructor(private readonly runChain: SessionManagerDeps["runChain"]) {}

  /**
   * Runs an eligible call through the chain and over its upstream channel. Resolves with the response
   * for the client, or null when the client cancelled the call (it gets none).
   */
  forward(plan: CallPlan, fast: FastCall, session: McpSessionState, ctx: RequestContext): Promise<RpcResponse | null> {
    const { id, method, server, tracked, channel } = plan;
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
      // In flight on the shared stdio session or the session's own HTTP session: server→client requests
      // are routed by it (server-requests.ts, shared-requests.ts), and the session layer's cancellation
      // (its own path) aborts it.
      let controller: AbortController | null = null;
      if (tracked) {
        controller = new AbortController();
        controller.signal.addEventListener("abort", () => abortCall(fast, controller!.signal.reason), { once: true });
        session.active.set(id, { serverId: server.id, controller });
      }
      let upstream: RpcResponse;
      try {
        upstream = await channel.call({
          method,
          params: upstreamParams,
          cancellation: fast.cancellation,
          // The client's own token went upstream; the call's progress comes back on its own stream.
          onNotification: plan.progress
            ? (notified, params) => {
                // Sent as the SDK Server sends a message related to a request: relateToFastCalls puts it on
                // the call's event stream (opened now if the answer was going to be JSON).
                if (notified === "notifications/progress") {
                  const message = { jsonrpc: "2.0", method: notified, params } as JSONRPCMessage;
                  void session.transport.send(message, { relatedRequestId: id }).catch(() => {});
                }
              }
            : undefined,
        });
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
    return this.runChain(call, terminal).then(
      (outcome) => (fast.cancellation.cancelled ? null : (outcome.response as RpcResponse)),
      (error) => {
        const rpc = toRpcError(error);
        return errorResponse(id, rpc.code, rpc.message, rpc.data);
      },
    );
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
  cancel(message: RpcMessage, params: Params, session: McpSessionState, ctx: RequestContext): Promise<void> | null {
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
    return this.runChain(call, async () => {
      abortCall(fast, params.reason);
      return { response: null };
    }).then(
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
    const stream = fast.stream ?? fast.openStream?.() ?? null;
    if (stream?.writable) {
      stream.write(message);
      return Promise.resolve();
    }
    return send(message, { ...options, relatedRequestId: undefined });
  };
}
