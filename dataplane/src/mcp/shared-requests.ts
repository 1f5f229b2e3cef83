// Who answers a server→client request (sampling, elicitation, roots) that arrives on the ONE shared
// session of a non-isolated stdio server. Nothing in the request says which client caused it, so the
// gateway infers it from the calls in flight, and refuses rather than guesses
// (docs/architecture.md, "Protocol semantics"):
//   - exactly one session has a call in flight on the server and declared the capability → it answers
//     (stateless 2026-07-28 calls in flight there count as candidates too, and answer through their
//     input_required continuation: mcp/stateless/);
//   - none → a JSON-RPC error naming the missing capability;
//   - several → a JSON-RPC error saying it is ambiguous and how to get per-client routing (`isolated`);
//   - roots/list with no call in flight at all (servers ask right after initialize or after
//     roots/list_changed) → the roots of the only session of the server that declared roots, or
//     `{ roots: [] }` when there is not exactly one.
import { type ClientCapabilities, ErrorCode, type JSONRPCRequest, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { McpSessionState } from "./session-manager.ts";
import type { UpstreamConnection } from "./upstreams/upstream-connection.ts";
import type { UpstreamPool } from "./upstreams/upstream-pool.ts";

/** A stateless call in flight on a server: it answers through its client's next retry. */
export interface StatelessCaller {
  declares(capability: keyof ClientCapabilities): boolean;
  ask(request: JSONRPCRequest, signal: AbortSignal): Promise<unknown>;
}

/**
 * The session (or stateless call) to relay to, or null: answer `{ roots: [] }` (roots/list only).
 * Throws when no one may. `stateless`: the stateless calls in flight on the connection's server.
 */
export function sharedRequestTarget(
  sessions: Iterable<McpSessionState>,
  connection: UpstreamConnection,
  method: string,
  capability: keyof ClientCapabilities,
  stateless: Iterable<StatelessCaller> = [],
): McpSessionState | StatelessCaller | null {
  const serverId = connection.config.id;
  const all = [...sessions];
  const calling: (McpSessionState | StatelessCaller)[] = all.filter((state) => hasCallOn(state, serverId));
  calling.push(...stateless);
  if (calling.length === 0 && capability === "roots") {
    const rooted = rootsDeclarers(all, serverId);
    return rooted.length === 1 ? rooted[0]! : null;
  }
  const able = calling.filter((candidate) =>
    "ask" in candidate ? candidate.declares(capability) : declares(candidate, capability),
  );
  if (able.length === 1) return able[0]!;
  if (able.length > 1) {
    const who = able.some((candidate) => "ask" in candidate)
      ? "clients (sessions or stateless calls)"
      : "client sessions";
    throw new McpError(
      ErrorCode.InvalidRequest,
      `ambiguous: ${able.length} ${who} have calls in flight on server ${connection.name}; mark the server isolated for per-client sampling/elicitation/roots`,
    );
  }
  throw new McpError(
    ErrorCode.InvalidRequest,
    calling.length === 0
      ? `Omnimesh cannot relay ${method}: no client has a call in flight on server ${connection.name}, so no client that declared the ${capability} capability can answer it`
      : `Omnimesh cannot relay ${method}: the client did not declare the ${capability} capability`,
  );
}

/**
 * The shared stdio connections a session's notifications/roots/list_changed goes to: those of its
 * route's servers on which it is the only session that declared roots (else the server would be told
 * about roots that are not the ones it is shown).
 */
export function rootsChangedTargets(
  state: McpSessionState,
  sessions: Iterable<McpSessionState>,
  pool: UpstreamPool,
): UpstreamConnection[] {
  if (!declares(state, "roots")) return [];
  const all = [...sessions];
  const targets: UpstreamConnection[] = [];
  for (const server of state.route.servers) {
    const rooted = rootsDeclarers(all, server.id);
    if (rooted.length !== 1 || rooted[0] !== state) continue;
    for (const connection of pool.ofServer(server.id)) {
      if (connection.owner === null && connection.ownership.capabilities.roots) targets.push(connection);
    }
  }
  return targets;
}

function declares(state: McpSessionState, capability: keyof ClientCapabilities): boolean {
  return Boolean(state.server.getClientCapabilities()?.[capability]);
}

function hasCallOn(state: McpSessionState, serverId: string): boolean {
  for (const active of state.active.values()) if (active.serverId === serverId) return true;
  return false;
}

/** Sessions whose route includes the server and whose client declared roots. */
function rootsDeclarers(sessions: McpSessionState[], serverId: string): McpSessionState[] {
  return sessions.filter(
    (state) => declares(state, "roots") && state.route.servers.some((server) => server.id === serverId),
  );
}
