// The fast lane for session-less calls (/rpc and the stateless 2026-07-28 revision of /mcp): the
// stateless dispatcher has already run the chain; a plain tools/call or prompts/get (no progress token,
// no task) to a non-isolated server with a channel is forwarded over it instead of the SDK client.
// Session-less callers always use the server's shared upstream session (there is no session to relay
// a server→client request to), so the channel serves exactly the session the SDK path would.
import type { NamespaceAggregator } from "../aggregator.ts";
import type { McpCall } from "../chain.ts";
import type { Cancellation } from "./channel.ts";
import type { ChannelPool } from "./channel-pool.ts";

export interface SessionLessForwardDeps {
  aggregator: Pick<NamespaceAggregator, "resolveName">;
  channels: ChannelPool;
  /** Told of every call served here (FastLane.served counts both lanes). */
  onServed?: () => void;
}

/**
 * The upstream's result for `call`, or null when the SDK path must serve it. Upstream errors are
 * thrown with their JSON-RPC code, message and data, as UpstreamConnection throws them.
 */
export function createSessionLessForward(deps: SessionLessForwardDeps) {
  return (
    call: McpCall,
    signal?: AbortSignal,
    /** Notifications on the call's own upstream stream (a log stream's); only HTTP channels can tell. */
    onNotification?: (method: string, params: unknown) => void,
  ): Promise<Record<string, unknown>> | null => {
    const { method, params } = call;
    if ((method !== "tools/call" && method !== "prompts/get") || !params || params.task !== undefined) return null;
    const meta = params._meta;
    if (meta !== undefined && (meta === null || typeof meta !== "object" || "progressToken" in meta)) return null;
    const target = deps.aggregator.resolveName(call.route, params.name, method === "tools/call" ? "tool" : "prompt");
    if (!target || target.server.isolated) return null;
    // The SDK path attributes a stdio server's log messages to the call (stateless/call-logs.ts).
    if (onNotification && target.server.transport !== "streamable-http") return null;
    const channel = deps.channels.get(target.server);
    if (!channel) return null;
    deps.onServed?.();
    const cancellation: Cancellation = {};
    const onAbort = () => {
      cancellation.cancelled = true;
      cancellation.cancel?.("the client went away");
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    return channel
      .call({ method, params: { ...params, name: target.name }, cancellation, onNotification })
      .then((response) => {
        signal?.removeEventListener("abort", onAbort);
        if (response.error) throw Object.assign(new Error(response.error.message), response.error);
        return response.result ?? {};
      });
  };
}
