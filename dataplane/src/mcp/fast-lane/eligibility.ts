// Which calls the fast lane may serve, whatever client transport carries them: a plain tools/call or
// prompts/get (no task; a progress token only on a channel that hands a call its own notifications) on
// the upstream session UpstreamPool gives the client session (see fast-lane.ts): the server's shared
// one, or the client session's own (isolated servers; clients that can be asked things). Everything
// else is left to the session's SDK Server.
import type { NamespaceRoute, ServerConfig } from "../../modules/routing/model.ts";
import type { NamespaceAggregator } from "../aggregator.ts";
import { routableCapabilities } from "../server-requests.ts";
import type { McpSessionState } from "../session-manager.ts";
import type { UpstreamChannel } from "./channel.ts";
import type { ChannelPool } from "./channel-pool.ts";
import { isRpcId, type RpcId, type RpcMessage } from "./rpc.ts";

type Params = Record<string, unknown>;

/** An eligible call: where it goes and what the client declared. */
export interface CallPlan {
  message: RpcMessage;
  method: "tools/call" | "prompts/get";
  id: RpcId;
  params: Params;
  /** The upstream's own name of the tool or prompt. */
  name: string;
  server: ServerConfig;
  channel: UpstreamChannel;
  stdio: boolean;
  /** The client declared sampling, elicitation or roots (it may be asked something during the call). */
  answers: boolean;
  /**
   * In `session.active` while in flight: server→client requests of the upstream session are routed to
   * the call (stdio's shared session, a client session's own HTTP session), and idle sweeps wait.
   */
  tracked: boolean;
  /** The client asked for progress (its token goes upstream; the channel hands the call its progress). */
  progress: boolean;
}

/** The plan of a call the fast lane can serve, or null (the SDK path serves it). */
export function planCall(
  deps: { aggregator: Pick<NamespaceAggregator, "resolveName">; channels: ChannelPool },
  message: RpcMessage,
  params: Params,
  session: McpSessionState,
  route: NamespaceRoute,
): CallPlan | null {
  const method = message.method;
  if (method !== "tools/call" && method !== "prompts/get") return null;
  if (!isRpcId(message.id) || typeof params.name !== "string" || params.task !== undefined) return null;
  const meta = params._meta;
  if (meta !== undefined && (meta === null || typeof meta !== "object")) return null;
  // Progress is forwarded only where the call's own notifications come back to it (HTTP channels).
  const progress = meta !== undefined && "progressToken" in (meta as object);
  const target = deps.aggregator.resolveName(route, params.name, method === "tools/call" ? "tool" : "prompt");
  if (!target) return null; // the SDK path answers unknown names
  const server = target.server;
  const stdio = server.transport === "stdio";
  const declared = session.server.getClientCapabilities();
  const answers = Boolean(declared?.sampling || declared?.elicitation || declared?.roots);
  // An isolated server gives every client session a connection of its own, and an HTTP-based server
  // gives one to a client that can answer server→client requests: the call goes on it (owned
  // channel), as the SDK path would send it.
  const owned = server.isolated || (!stdio && answers);
  const channel =
    owned && session.id
      ? deps.channels.owned(server, session.id, routableCapabilities(declared) ?? {})
      : owned
        ? null
        : deps.channels.get(server);
  if (!channel || (progress && !channel.callNotifications)) return null;
  return {
    message,
    method,
    id: message.id,
    params,
    name: target.name,
    server,
    channel,
    stdio,
    answers,
    tracked: stdio || owned,
    progress,
  };
}
