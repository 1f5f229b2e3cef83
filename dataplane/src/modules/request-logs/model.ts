export type RequestLogStatus = "ok" | "error" | "denied" | "rate_limited" | "unauthorized";

/** One request_logs row as queued by the data plane. */
export interface RequestLogEntry {
  orgId: string;
  namespaceId: string | null;
  serverId: string | null;
  virtualServerId?: string | null;
  apiKeyId: string | null;
  userId?: string | null;
  sessionId: string | null;
  transport: string;
  method: string;
  toolName: string | null;
  jsonrpcId: string | null;
  status: RequestLogStatus;
  errorCode: number | null;
  errorMessage: string | null;
  latencyMs: number;
  requestBytes: number | null;
  /** A number, or the response message itself: its size is measured at flush time, off the request path. */
  responseBytes: number | null;
  responseBody?: unknown;
  clientIp: string | null;
  createdAt: Date;
}
