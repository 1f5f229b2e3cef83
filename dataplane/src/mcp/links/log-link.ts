// Log link: records one request_logs row per message with its final status. It wraps the policy and
// rate-limit links (it runs first) so denied and rate-limited calls are logged too; the row is only
// queued, never awaited.
import { AppError, logStatusForRpcCode } from "../../lib/app-error.ts";
import { errorMessage } from "../../lib/logger.ts";
import { loggedApiKeyId } from "../../modules/auth/model.ts";
import type { RequestLogEntry } from "../../modules/request-logs/model.ts";
import type { RequestLogWriter } from "../../modules/request-logs/service.ts";
import type { McpCall, McpLink } from "../chain.ts";

function baseEntry(call: McpCall): Omit<RequestLogEntry, "status" | "errorCode" | "errorMessage" | "responseBytes"> {
  return {
    orgId: call.route.orgId,
    namespaceId: call.route.namespaceId,
    serverId: call.server?.id ?? call.route.singleServer?.id ?? null,
    virtualServerId: call.route.virtual?.id ?? null,
    apiKeyId: loggedApiKeyId(call.principal),
    userId: call.principal.userId,
    sessionId: call.sessionId,
    transport: call.transport,
    method: call.method,
    toolName: call.toolName,
    jsonrpcId: call.id === undefined ? null : String(call.id),
    latencyMs: Math.round((performance.now() - call.startedAt) * 1000) / 1000,
    requestBytes: call.requestBytes,
    clientIp: call.clientIp,
    createdAt: new Date(),
  };
}

export function createLogLink(writer: RequestLogWriter): McpLink {
  return async (call, next) => {
    try {
      const outcome = await next();
      const response = outcome.response as { error?: { code: number; message: string } } | null;
      const error = response?.error;
      writer.push({
        ...baseEntry(call),
        status: error ? logStatusForRpcCode(error.code) : "ok",
        errorCode: error?.code ?? null,
        errorMessage: error?.message ?? null,
        responseBytes: response ? null : 0,
        responseBody: response ?? undefined,
      });
      return outcome;
    } catch (error) {
      const rpcCode = error instanceof AppError ? error.rpcCode : -32603;
      writer.push({
        ...baseEntry(call),
        status: logStatusForRpcCode(rpcCode),
        errorCode: rpcCode,
        errorMessage: errorMessage(error),
        responseBytes: null,
      });
      throw error;
    }
  };
}
