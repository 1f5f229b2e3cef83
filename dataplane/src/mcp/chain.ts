// The middleware chain every client → gateway JSON-RPC message runs through. Each link is a small
// function (call, next) → outcome, composed once per session; the terminal link hands the message
// to the session's MCP server (which routes it upstream) and resolves with the response it sends.
import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";
import type { Principal } from "../modules/auth/model.ts";
import type { OrgRules } from "../modules/policies/model.ts";
import type { NamespaceRoute, ServerConfig } from "../modules/routing/model.ts";

/** One client message on its way through the gateway. */
export interface McpCall {
  message: JSONRPCMessage;
  method: string;
  /** undefined for notifications. */
  id: RequestId | undefined;
  params: Record<string, unknown> | undefined;
  principal: Principal;
  route: NamespaceRoute;
  sessionId: string | null;
  transport: string;
  /** Exposed (prefixed) tool or prompt name, when the method names one. */
  toolName: string | null;
  /** The upstream the call is for, when known before routing. */
  server: ServerConfig | null;
  clientIp: string | null;
  requestBytes: number | null;
  startedAt: number;
  /** Loaded once per call by whichever link needs it first. */
  rules?: OrgRules;
}

export interface McpOutcome {
  /** The response sent to the client (result or error); null for notifications. */
  response: JSONRPCMessage | null;
}

export type McpNext = () => Promise<McpOutcome>;
export type McpLink = (call: McpCall, next: McpNext) => Promise<McpOutcome>;
export type McpTerminal = (call: McpCall) => Promise<McpOutcome>;

/** Composes links left to right: the first link runs first and sees the final outcome last. */
export function composeChain(links: readonly McpLink[]): (call: McpCall, terminal: McpTerminal) => Promise<McpOutcome> {
  return (call, terminal) => {
    const run = (index: number): Promise<McpOutcome> => {
      const link = links[index];
      if (!link) return terminal(call);
      return link(call, () => run(index + 1));
    };
    return run(0);
  };
}

export function isRequest(call: McpCall): boolean {
  return call.id !== undefined;
}
