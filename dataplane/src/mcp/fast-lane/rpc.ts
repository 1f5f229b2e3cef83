// Plain JSON-RPC shapes and checks for the fast lane: no zod on the hot path (a failed safeParse
// builds a ZodError, which cost more than the whole forward in the profile).
import type { ServerConfig } from "../../modules/routing/model.ts";

export type RpcId = string | number;

export interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

/** A response as it travels: `result` or `error`, never both. */
export interface RpcResponse {
  jsonrpc: "2.0";
  id: RpcId | null;
  result?: Record<string, unknown>;
  error?: RpcError;
}

export type RpcMessage = {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: unknown;
  result?: unknown;
  error?: unknown;
};

export function isRpcId(value: unknown): value is RpcId {
  return typeof value === "string" || (typeof value === "number" && Number.isInteger(value));
}

export function isResponse(message: RpcMessage): boolean {
  return message.method === undefined && (message.result !== undefined || message.error !== undefined);
}

export function errorResponse(id: RpcId | null, code: number, message: string, data?: unknown): RpcResponse {
  return { jsonrpc: "2.0", id, error: data === undefined ? { code, message } : { code, message, data } };
}

// The same codes and messages UpstreamConnection produces for the SDK path (see its wrapError), so a
// client cannot tell which path served the call.
const UPSTREAM_UNAVAILABLE = -32002;
const UPSTREAM_TIMEOUT = -32001;

export function unavailableError(server: ServerConfig, reason: string): RpcError {
  return {
    code: UPSTREAM_UNAVAILABLE,
    message: `Upstream server "${server.name}" is unavailable: ${reason}`,
    data: { server: server.name },
  };
}

export function timeoutError(server: ServerConfig, method: string): RpcError {
  return {
    code: UPSTREAM_TIMEOUT,
    message: `Upstream server "${server.name}" did not answer ${method} within ${server.timeoutMs} ms`,
    data: { server: server.name },
  };
}

/** An error the upstream itself answered: its code and data kept, its message prefixed with the server. */
export function upstreamError(server: ServerConfig, error: unknown): RpcError {
  const e = (error ?? {}) as { code?: unknown; message?: unknown; data?: unknown };
  const code = Number.isSafeInteger(e.code) ? (e.code as number) : -32603;
  const message = `${server.name}: ${typeof e.message === "string" ? e.message : "Internal error"}`;
  return e.data === undefined ? { code, message } : { code, message, data: e.data };
}
