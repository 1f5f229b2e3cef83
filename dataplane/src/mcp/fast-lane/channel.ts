// What the fast lane needs from an upstream: send one request, get its response back (result or a
// JSON-RPC error naming the server). One channel serves every client session of a server; each
// channel gives each request its own upstream id, so responses never cross between clients.
import type { RpcResponse } from "./rpc.ts";

export interface ChannelCall {
  method: string;
  params: Record<string, unknown>;
  /** Lets the caller cancel the call later (client notifications/cancelled); set by the channel. */
  cancellation?: Cancellation;
  /**
   * Notifications the upstream sends on this call's own response stream (so certainly about it: its
   * log messages), where the channel can tell them apart (the HTTP channel); besides the channel's own
   * onNotification, which hears them too.
   */
  onNotification?: (method: string, params: unknown) => void;
}

/**
 * A cancel hook the channel fills in once the request is on its way: calling it sends
 * notifications/cancelled upstream and resolves the call with a "Request cancelled" error.
 * (A plain object instead of an AbortController: one fewer allocation and listener per call.)
 */
export interface Cancellation {
  cancel?: (reason: string) => void;
  /** Set by whoever cancels, so the caller can tell a cancellation from an upstream error. */
  cancelled?: boolean;
}

export const REQUEST_CANCELLED = -32800;

export interface UpstreamChannel {
  /**
   * True when the channel hands a call the notifications of its own upstream response stream
   * (ChannelCall.onNotification), so e.g. a call's progress can reach its client; false/absent when
   * they go elsewhere (the SDK client of an SdkChannel).
   */
  readonly callNotifications?: boolean;
  /** Never rejects: failures, timeouts and upstream errors come back as `error` responses. */
  call(call: ChannelCall): Promise<RpcResponse>;
  close(): Promise<void>;
}

/** Requests the upstream sends us during a call (sampling, elicitation, roots, ping). */
export type ServerRequestHandler = (
  method: string,
  params: unknown,
  /** Aborted when the upstream cancels its request (notifications/cancelled). */
  signal: AbortSignal,
) => Promise<{ result: Record<string, unknown> } | { error: { code: number; message: string } }>;

/** Server→client methods the SDK path relays, and the client capability each needs (server-requests.ts). */
const ROUTED: Record<string, string> = {
  "sampling/createMessage": "sampling",
  "elicitation/create": "elicitation",
  "roots/list": "roots",
};

/**
 * What the shared upstream session of an HTTP-based server answers on the SDK path (it advertises no
 * client capability; clients that declare one get a session of their own and never use the fast
 * lane): ping, and the same JSON-RPC errors as UpstreamRouter.onRequest for everything else (the SDK
 * sends an McpError's message with its "MCP error <code>: " prefix, so these carry it too).
 */
export const defaultServerRequestHandler: ServerRequestHandler = async (method) => {
  if (method === "ping") return { result: {} };
  const capability = ROUTED[method];
  if (!capability)
    return { error: { code: -32601, message: `MCP error -32601: Omnimesh does not relay ${method} to clients` } };
  return {
    error: {
      code: -32600,
      message: `MCP error -32600: Omnimesh cannot relay ${method}: the client did not declare the ${capability} capability (clients that declare it get an upstream session of their own)`,
    },
  };
};
