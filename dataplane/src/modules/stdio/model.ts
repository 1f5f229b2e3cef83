// Request bodies of the stdio bridge endpoints, validated with zod so a bad body gets a 400 naming the
// field. The server is always one registered in mcp_servers, identified by id: never a command.
import { z } from "zod";

const ZServerId = z.string({ error: "serverId is required" }).uuid("serverId must be a server id (UUID)");
const ZJsonRpcId = z.union([z.string(), z.number().int()], { error: "message.id must be a string or an integer" });
const ZParams = z.record(z.string(), z.unknown(), { error: "message.params must be an object" }).optional();
const ZJsonRpc = z.literal("2.0", { error: 'message.jsonrpc must be "2.0"' });
const ZMethod = z.string({ error: "message.method is required" }).min(1, "message.method is required");

/** The gateway performs initialize itself when it starts the server; a second one would confuse it. */
const notInitialize = (method: string) => method !== "initialize" && method !== "notifications/initialized";
const INITIALIZE_MESSAGE = "initialize is performed by the gateway when it starts the server";

const BODY = { error: "The request body must be a JSON object" };

export const ZExecuteBody = z.object(
  {
    serverId: ZServerId,
    message: z.object(
      {
        jsonrpc: ZJsonRpc,
        id: ZJsonRpcId,
        method: ZMethod.refine(notInitialize, INITIALIZE_MESSAGE),
        params: ZParams,
      },
      { error: "message must be a JSON-RPC request object (jsonrpc, id, method, params)" },
    ),
  },
  BODY,
);
export type TExecuteBody = z.infer<typeof ZExecuteBody>;

export const ZSendBody = z.object(
  {
    serverId: ZServerId,
    message: z.object(
      {
        jsonrpc: ZJsonRpc,
        id: ZJsonRpcId.optional(),
        method: ZMethod.refine(notInitialize, INITIALIZE_MESSAGE),
        params: ZParams,
      },
      { error: "message must be a JSON-RPC notification or request object (jsonrpc, method, params)" },
    ),
  },
  BODY,
);
export type TSendBody = z.infer<typeof ZSendBody>;

export const ZProcessBody = z.object(
  {
    serverId: ZServerId,
    action: z.enum(["start", "stop", "restart"], { error: 'action must be "start", "stop" or "restart"' }),
  },
  BODY,
);
export type TProcessBody = z.infer<typeof ZProcessBody>;

/** One stdio server of the org and its process, as GET /stdio/process lists it. */
export interface StdioProcessView {
  serverId: string;
  serverName: string;
  namespaceId: string;
  enabled: boolean;
  /** Separate processes of an isolated server (one per client session) are listed one by one. */
  owner: string | null;
  pid: number | null;
  running: boolean;
  startedAt: string | null;
  exitedAt: string | null;
  exitCode: number | null;
  restarts: number;
  lastError: string | null;
  stderrTail: string[];
}

/** The first problem of a failed parse, prefixed with its field unless the message names it. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid request body";
  const path = issue.path.join(".");
  return !path || issue.message.startsWith(String(issue.path[0])) ? issue.message : `${path}: ${issue.message}`;
}
