// Requests the edge (edge.ts) refuses before dispatch are logged like dispatched ones: a request_logs
// row with the org, when known, and the status the refusal maps to.
import type { AppError } from "../../lib/app-error.ts";
import type { RequestLogWriter } from "../request-logs/service.ts";
import type { Attempt } from "./edge.ts";

/** First JSON-RPC method and id of a body, for logging requests rejected before dispatch. */
export function describeBody(body: unknown): { method: string; id: string | number | null } {
  const first = (Array.isArray(body) ? body[0] : body) as { method?: unknown; id?: unknown } | undefined;
  return {
    method: typeof first?.method === "string" ? first.method : "unknown",
    id: typeof first?.id === "string" || typeof first?.id === "number" ? first.id : null,
  };
}

/** Rejections are logged when the org is known: from the key when valid, else from the URL. */
export function logRejection(
  logs: RequestLogWriter,
  attempt: Attempt,
  error: AppError,
  described: { method: string; id: string | number | null },
): void {
  const { lookup, key } = attempt;
  const orgId = key?.orgId ?? lookup?.orgId;
  if (!orgId) return;
  const known = lookup?.orgId === orgId && error.code !== "NOT_FOUND";
  logs.push({
    orgId,
    namespaceId: known ? (lookup?.route?.namespaceId ?? null) : null,
    serverId: known ? (lookup?.route?.singleServer?.id ?? null) : null,
    virtualServerId: known ? (lookup?.route?.virtual?.id ?? null) : null,
    // A JWT caller has no api_keys row: its user is logged instead.
    apiKeyId: key?.kind === "api_key" ? key.id : null,
    userId: key?.createdById ?? null,
    sessionId: null,
    transport: attempt.transport,
    method: described.method === "unknown" ? `http:${attempt.request.method}` : described.method,
    toolName: null,
    jsonrpcId: described.id === null ? null : String(described.id),
    status:
      error.code === "UNAUTHORIZED"
        ? "unauthorized"
        : error.code === "NOT_FOUND" || error.code === "FORBIDDEN"
          ? "denied"
          : "error",
    errorCode: error.rpcCode,
    errorMessage: error.message,
    latencyMs: Math.round((performance.now() - attempt.startedAt) * 1000) / 1000,
    requestBytes: null,
    responseBytes: null,
    clientIp: attempt.clientIp,
    createdAt: new Date(),
  });
}
