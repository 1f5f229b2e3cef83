// A JSON-RPC message from a client, checked without zod where that is certain: the SDK's
// JSONRPCMessageSchema.safeParse cost more per call than the rest of a WebSocket or SSE message's way
// in (profile, bench/README.md). Only the common shapes are decided here — a request or notification
// with exactly the fields the strict SDK schemas allow and no `_meta` — everything else (responses,
// `_meta`, anything odd) goes through the SDK schema as before, so nothing is accepted that it refuses.
import { type JSONRPCMessage, JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";

/** The message, or null when it is not a JSON-RPC 2.0 message (the SDK schema's verdict). */
export function asJsonRpcMessage(value: unknown): JSONRPCMessage | null {
  if (isPlainRequestOrNotification(value)) return value as JSONRPCMessage;
  const parsed = JSONRPCMessageSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function isPlainRequestOrNotification(value: unknown): boolean {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const message = value as Record<string, unknown>;
  if (message.jsonrpc !== "2.0" || typeof message.method !== "string") return false;
  const id = message.id;
  if (id !== undefined && typeof id !== "string" && !(typeof id === "number" && Number.isInteger(id))) return false;
  for (const key in message) {
    if (key !== "jsonrpc" && key !== "method" && key !== "id" && key !== "params") return false;
  }
  if ("id" in message && id === undefined) return false;
  const params = message.params;
  if (params === undefined) return true;
  return params !== null && typeof params === "object" && !Array.isArray(params) && !("_meta" in params);
}
