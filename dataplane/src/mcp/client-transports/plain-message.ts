// A JSON-RPC message from a client, checked without zod where that is certain: the SDK's schemas cost
// more per call than the rest of a message's way in (profile, bench/README.md) — worst when they
// fail, since a failed safeParse builds a ZodError and JSON-stringifies its issues (the stateless
// /mcp path asked "is it an initialize? a notification?" of every tools/call). Only the common shapes
// are decided here: a request or notification with exactly the fields the strict SDK schemas allow,
// whose `_meta` (if any) is a plain object with at most a string or integer progressToken and no
// related-task key. Everything else (responses, anything odd) goes through the SDK schema as before,
// so nothing is accepted that it refuses.
import {
  isInitializeRequest,
  isJSONRPCNotification,
  isJSONRPCRequest,
  type JSONRPCMessage,
  JSONRPCMessageSchema,
  type JSONRPCNotification,
  type JSONRPCRequest,
} from "@modelcontextprotocol/sdk/types.js";

const RELATED_TASK_KEY = "io.modelcontextprotocol/related-task";

/** The message, or null when it is not a JSON-RPC 2.0 message (the SDK schema's verdict). */
export function asJsonRpcMessage(value: unknown): JSONRPCMessage | null {
  if (plainCallKind(value) !== null) return value as JSONRPCMessage;
  const parsed = JSONRPCMessageSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** "request" or "notification" exactly when isJSONRPCRequest / isJSONRPCNotification says so; else null. */
export function jsonRpcCallKind(value: unknown): "request" | "notification" | null {
  const plain = plainCallKind(value);
  if (plain !== null) return plain;
  if (isJSONRPCRequest(value)) return "request";
  return isJSONRPCNotification(value) ? "notification" : null;
}

export function isJsonRpcCall(value: unknown): value is JSONRPCRequest | JSONRPCNotification {
  return jsonRpcCallKind(value) !== null;
}

/** isInitializeRequest, asked only of messages whose method is initialize (a tools/call never is). */
export function isInitialize(value: unknown): boolean {
  return (value as { method?: unknown } | null)?.method === "initialize" && isInitializeRequest(value);
}

function plainCallKind(value: unknown): "request" | "notification" | null {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const message = value as Record<string, unknown>;
  if (message.jsonrpc !== "2.0" || typeof message.method !== "string") return null;
  for (const key in message) {
    if (key !== "jsonrpc" && key !== "method" && key !== "id" && key !== "params") return null;
  }
  const id = message.id;
  if ("id" in message && id === undefined) return null;
  if (id !== undefined && typeof id !== "string" && !(typeof id === "number" && Number.isInteger(id))) return null;
  const params = message.params;
  if (params !== undefined) {
    if (params === null || typeof params !== "object" || Array.isArray(params)) return null;
    if ("_meta" in params && !isPlainMeta((params as { _meta?: unknown })._meta)) return null;
  }
  return id === undefined ? "notification" : "request";
}

function isPlainMeta(meta: unknown): boolean {
  if (meta === undefined) return true;
  if (meta === null || typeof meta !== "object" || Array.isArray(meta)) return false;
  if (RELATED_TASK_KEY in meta) return false;
  const token = (meta as { progressToken?: unknown }).progressToken;
  return token === undefined || typeof token === "string" || (typeof token === "number" && Number.isInteger(token));
}
