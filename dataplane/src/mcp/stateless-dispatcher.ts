// Session-less dispatch for /rpc and the stateless 2026-07-28 revision of /mcp: one JSON-RPC message
// runs through the same chain as session traffic (log → scope → policy → rate limit) and then goes
// straight to the aggregator. Nothing is built per request: no SDK Server, no Client, no transport.
// initialize, ping and server/discover are answered here.
import {
  type JSONRPCMessage,
  type JSONRPCNotification,
  type JSONRPCRequest,
  LATEST_PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "@modelcontextprotocol/sdk/types.js";
import { jsonRpcErrorBody, toRpcError } from "../lib/app-error.ts";
import type { NamespaceRoute } from "../modules/routing/model.ts";
import type { NamespaceAggregator } from "./aggregator.ts";
import { callTarget } from "./call-target.ts";
import type { McpCall, McpOutcome } from "./chain.ts";
import {
  META_SERVER_INFO,
  MODERN_PROTOCOL_VERSIONS,
  modernResult,
  stripEnvelope,
} from "./client-transports/protocol-2026.ts";
import type { RequestContext } from "./session-manager.ts";
import {
  type CallLog,
  checkLogLevel,
  LOGGED_METHODS,
  type LogSink,
  type StatelessCallLogs,
  withoutLogLevel,
} from "./stateless/call-logs.ts";
import { type InputRequiredCalls, isInputRequiredResult } from "./stateless/input-required-calls.ts";
import { withoutRetryFields } from "./stateless/input-wire.ts";
import { parseFilter, type StatelessListeners } from "./stateless/listeners.ts";

export const GATEWAY_INFO = { name: "omnimesh", version: "0.1.0" };
/** What a stateless caller can use: no list_changed notifications without a session to send them on. */
export const STATELESS_CAPABILITIES = { tools: {}, prompts: {}, resources: {}, completions: {} };
/**
 * What a stateless request on /mcp can also ask for when call logs are wired: log messages on its own
 * SSE stream (`_meta["io.modelcontextprotocol/logLevel"]`, stateless/call-logs.ts). /rpc has no stream.
 */
export const LOGGING_CAPABILITY = { logging: {} };
/** What server/discover offers on /mcp when subscriptions/listen is served there. */
export const LISTEN_CAPABILITIES = {
  tools: { listChanged: true },
  prompts: { listChanged: true },
  resources: { listChanged: true, subscribe: true },
  completions: {},
};
/** Every protocol version the gateway speaks: the stateless revision, then the session-based ones. */
export const GATEWAY_PROTOCOL_VERSIONS = [...MODERN_PROTOCOL_VERSIONS, ...SUPPORTED_PROTOCOL_VERSIONS];

/** Methods answered without a session (the aggregator's, plus the ones answered here). */
export const STATELESS_METHODS = [
  "initialize",
  "ping",
  "server/discover",
  "tools/list",
  "tools/call",
  "prompts/list",
  "prompts/get",
  "resources/list",
  "resources/templates/list",
  "resources/read",
  "completion/complete",
] as const;

const LIST_METHODS = new Set(["tools/list", "prompts/list"]);

export interface StatelessDispatcherDeps {
  aggregator: NamespaceAggregator;
  runChain: (call: McpCall, terminal: (call: McpCall) => Promise<McpOutcome>) => Promise<McpOutcome>;
  visibility: (ctx: RequestContext) => Promise<((kind: "tool" | "prompt", exposedName: string) => boolean) | undefined>;
  /** FAST-LANE HOOK: forwards plain calls over a raw upstream channel; null → the aggregator (mcp/fast-lane). */
  forward?:
    | ((
        call: McpCall,
        signal?: AbortSignal,
        onNotification?: (method: string, params: unknown) => void,
      ) => Promise<Record<string, unknown>> | null)
    | null;
  /** subscriptions/listen streams (2026-07-28 on /mcp); absent → the method is not offered. */
  listeners?: StatelessListeners | null;
  /** Multi-round-trip calls (input_required) of 2026-07-28 clients that declared sampling/elicitation/roots. */
  inputRequired?: Pick<InputRequiredCalls, "claim"> | null;
  /** Log messages for 2026-07-28 requests that ask for them; absent → not offered (no `logging` capability). */
  callLogs?: StatelessCallLogs | null;
}

export interface DispatchOptions {
  /** request_logs.transport of the call. */
  transport: string;
  /** "modern": answer in the 2026-07-28 shape (resultType, cache hints, serverInfo in _meta). */
  era: "legacy" | "modern";
  signal?: AbortSignal;
  /**
   * Receives the upstream's progress (params of notifications/progress, under the client's token) when
   * the request has a stream to carry it on; without it a progressToken is not forwarded upstream.
   */
  sendProgress?: (params: Record<string, unknown>) => void;
  /**
   * Receives the upstream's log messages (params of notifications/message) from the level the request
   * asked for, when it has a stream to carry them on (modern era only).
   */
  logs?: LogSink;
}

export function instructionsFor(route: NamespaceRoute): string {
  if (route.virtual) return `Omnimesh virtual server ${route.virtual.name}. ${route.virtual.description}`.trim();
  if (route.singleServer) {
    return `Omnimesh server ${route.singleServer.name} of namespace ${route.orgSlug}/${route.namespaceSlug}.`;
  }
  return `Omnimesh namespace ${route.orgSlug}/${route.namespaceSlug}: tools and prompts are named <server>__<name>.`;
}

export class StatelessDispatcher {
  constructor(private readonly deps: StatelessDispatcherDeps) {}

  /** The response to one request (null for a notification); errors become JSON-RPC error responses. */
  async dispatch(
    message: JSONRPCRequest | JSONRPCNotification,
    ctx: RequestContext,
    options: DispatchOptions,
  ): Promise<JSONRPCMessage | null> {
    return this.dispatchWith(message, ctx, options, (call) => this.answer(call, ctx, options));
  }

  private async dispatchWith(
    message: JSONRPCRequest | JSONRPCNotification,
    ctx: RequestContext,
    options: DispatchOptions,
    answer: (call: McpCall) => Promise<unknown>,
  ): Promise<JSONRPCMessage | null> {
    const rawParams = message.params as Record<string, unknown> | undefined;
    // requestState / inputResponses are the gateway's business (stateless/input-required-calls.ts).
    const params = options.era === "modern" ? withoutLogLevel(withoutRetryFields(stripEnvelope(rawParams))) : rawParams;
    // Already a request or a notification (the edge checked): only the id tells them apart.
    const id = "id" in message ? message.id : undefined;
    const { server, toolName } = callTarget(this.deps.aggregator, ctx.route, message.method, params);
    const call: McpCall = {
      message,
      method: message.method,
      id,
      params,
      principal: ctx.principal,
      route: ctx.route,
      sessionId: null,
      transport: options.transport,
      toolName,
      server,
      clientIp: ctx.clientIp,
      requestBytes: ctx.requestBytes,
      startedAt: performance.now(),
    };
    try {
      const outcome = await this.deps.runChain(call, (c) => this.terminal(c, options, answer));
      return outcome.response;
    } catch (error) {
      // A link refused the call (scope, policy, rate limit); the log link has recorded it.
      if (id === undefined) return null;
      const rpc = toRpcError(error);
      return jsonRpcErrorBody(rpc.code, rpc.message, id, rpc.data) as JSONRPCMessage;
    }
  }

  /**
   * subscriptions/listen: the chain runs once, when the stream opens (logged like any call); the
   * answer is then the notification stream, or a JSON-RPC error when a link or the filter refuses it.
   */
  async listen(
    message: JSONRPCRequest,
    ctx: RequestContext,
    options: DispatchOptions & { signal: AbortSignal },
  ): Promise<JSONRPCMessage | ReadableStream<Uint8Array>> {
    const listeners = this.deps.listeners;
    const opened: { stream?: ReadableStream<Uint8Array> } = {};
    const outcome = await this.dispatchWith(message, ctx, options, async (call) => {
      if (!listeners) throw Object.assign(new Error(`Method not found: ${call.method}`), { code: -32601 });
      opened.stream = await listeners.open(
        ctx.route,
        ctx.principal.apiKeyId,
        message.id,
        parseFilter(call.params),
        options.signal,
      );
      return {};
    });
    return opened.stream ?? (outcome as JSONRPCMessage);
  }

  private async terminal(
    call: McpCall,
    options: DispatchOptions,
    answer: (call: McpCall) => Promise<unknown>,
  ): Promise<McpOutcome> {
    if (call.id === undefined) {
      // The revision's way to end a subscriptions/listen stream (besides closing it).
      if (call.method === "notifications/cancelled") {
        this.deps.listeners?.cancel(call.principal.apiKeyId, call.params?.requestId);
      }
      return { response: null };
    }
    try {
      const result = (await answer(call)) as Record<string, unknown>;
      const shaped =
        options.era !== "modern"
          ? result
          : isInputRequiredResult(result)
            ? { ...result, _meta: { [META_SERVER_INFO]: GATEWAY_INFO } }
            : modernResult(call.method, result, GATEWAY_INFO);
      return { response: { jsonrpc: "2.0", id: call.id, result: shaped } as JSONRPCMessage };
    } catch (error) {
      const rpc = toRpcError(error);
      return { response: jsonRpcErrorBody(rpc.code, rpc.message, call.id, rpc.data) as JSONRPCMessage };
    }
  }

  private async answer(call: McpCall, ctx: RequestContext, options: DispatchOptions): Promise<unknown> {
    switch (call.method) {
      case "ping":
        return {};
      case "server/discover":
        return {
          supportedVersions: GATEWAY_PROTOCOL_VERSIONS,
          capabilities: this.discoverCapabilities(options.transport),
          serverInfo: GATEWAY_INFO,
          instructions: instructionsFor(ctx.route),
        };
      case "initialize": {
        // /rpc has no session to negotiate for; this answers clients that probe with initialize.
        const requested = call.params?.protocolVersion;
        const protocolVersion =
          typeof requested === "string" && SUPPORTED_PROTOCOL_VERSIONS.includes(requested)
            ? requested
            : LATEST_PROTOCOL_VERSION;
        return {
          protocolVersion,
          capabilities: STATELESS_CAPABILITIES,
          serverInfo: GATEWAY_INFO,
          instructions: instructionsFor(ctx.route),
        };
      }
      default: {
        const log = this.callLog(call, options);
        if (log) return this.withLog(call, ctx, options, log);
        return (
          (options.era === "modern"
            ? this.deps.inputRequired?.claim(call, options.signal, options.sendProgress)
            : null) ??
          this.deps.forward?.(call, options.signal) ??
          this.deps.aggregator.handle(call.method, call.params, {
            route: ctx.route,
            sessionId: null,
            signal: options.signal ?? new AbortController().signal,
            sendProgress: options.sendProgress,
            visible: LIST_METHODS.has(call.method) ? await this.deps.visibility(ctx) : undefined,
          })
        );
      }
    }
  }

  private discoverCapabilities(transport: string) {
    // Only …/mcp (streamable-http) serves subscriptions/listen and log streams; /rpc has no stream.
    if (transport !== "streamable-http") return STATELESS_CAPABILITIES;
    const base = this.deps.listeners ? LISTEN_CAPABILITIES : STATELESS_CAPABILITIES;
    return this.deps.callLogs ? { ...base, ...LOGGING_CAPABILITY } : base;
  }

  /**
   * The CallLog of a modern request that asked for log messages and has a stream for them, or of a
   * retry leg continuing such a call (found by its requestState, whether or not this leg has a stream).
   */
  private callLog(call: McpCall, options: DispatchOptions): CallLog | null {
    const registry = this.deps.callLogs;
    if (!registry || options.era !== "modern") return null;
    checkLogLevel(call.message);
    const requestState = (call.message as { params?: { requestState?: unknown } }).params?.requestState;
    if (typeof requestState === "string") {
      const log = registry.resume(requestState, call.principal.apiKeyId);
      log?.attach(options.logs ?? null);
      return log ?? null;
    }
    if (!options.logs || !LOGGED_METHODS.has(call.method)) return null;
    return registry.open(call.route, call.principal.apiKeyId, options.logs);
  }

  /**
   * A call whose log messages go to its stream: a multi-round-trip call or the SDK path (the aggregator
   * registers the CallLog on the connection the call goes to), or the fast lane (the channel hands the
   * call the messages of its own upstream stream).
   */
  private async withLog(call: McpCall, ctx: RequestContext, options: DispatchOptions, log: CallLog) {
    try {
      const result =
        (await this.deps.inputRequired?.claim(call, options.signal, options.sendProgress, log)) ??
        // On the fast lane a message on the call's own upstream stream is certainly the call's.
        (await this.deps.forward?.(call, options.signal, (method, params) => {
          if (method === "notifications/message" && call.server)
            log.hearFrom(call.server.name, { method, params: params as Record<string, unknown> });
        })) ??
        (await this.deps.aggregator.handle(call.method, call.params, {
          route: ctx.route,
          sessionId: null,
          signal: options.signal ?? new AbortController().signal,
          sendProgress: options.sendProgress,
          callLog: log,
        }));
      const requestState = (result as { requestState?: unknown }).requestState;
      if (isInputRequiredResult(result as object) && typeof requestState === "string") {
        this.deps.callLogs!.park(log, requestState);
      }
      return result;
    } finally {
      // This leg's stream ends with its answer; a retry leg attaches its own.
      log.attach(null);
    }
  }
}
