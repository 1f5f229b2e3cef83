// The one error type of the data plane. Services throw it; the edges map it: Elysia's onError to an
// HTTP status + JSON body, the MCP path to a JSON-RPC error object.

export const APP_ERROR_CODES = {
  BAD_REQUEST: { status: 400, rpc: -32600 },
  PARSE_ERROR: { status: 400, rpc: -32700 },
  UNAUTHORIZED: { status: 401, rpc: -32041 },
  FORBIDDEN: { status: 403, rpc: -32043 },
  POLICY_DENIED: { status: 403, rpc: -32043 },
  NOT_FOUND: { status: 404, rpc: -32044 },
  SESSION_NOT_FOUND: { status: 404, rpc: -32001 },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, rpc: -32000 },
  NOT_ACCEPTABLE: { status: 406, rpc: -32000 },
  RATE_LIMITED: { status: 429, rpc: -32029 },
  INVALID_PARAMS: { status: 400, rpc: -32602 },
  UPSTREAM_UNAVAILABLE: { status: 502, rpc: -32002 },
  UPSTREAM_TIMEOUT: { status: 504, rpc: -32001 },
  INTERNAL: { status: 500, rpc: -32603 },
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_CODES;

/** Log status written to request_logs.status for a JSON-RPC error code. */
export function logStatusForRpcCode(code: number): "error" | "denied" | "rate_limited" | "unauthorized" {
  if (code === APP_ERROR_CODES.UNAUTHORIZED.rpc) return "unauthorized";
  if (code === APP_ERROR_CODES.FORBIDDEN.rpc) return "denied";
  if (code === APP_ERROR_CODES.RATE_LIMITED.rpc) return "rate_limited";
  return "error";
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly headers: Record<string, string>;
  readonly data: unknown;

  constructor(code: AppErrorCode, message: string, options: { headers?: Record<string, string>; data?: unknown } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.headers = options.headers ?? {};
    this.data = options.data;
  }

  get status(): number {
    return APP_ERROR_CODES[this.code].status;
  }

  get rpcCode(): number {
    return APP_ERROR_CODES[this.code].rpc;
  }
}

/** A JSON-RPC error response body, the shape MCP clients expect even on HTTP-level failures. */
export function jsonRpcErrorBody(
  code: number,
  message: string,
  id: string | number | null = null,
  data?: unknown,
): { jsonrpc: "2.0"; id: string | number | null; error: { code: number; message: string; data?: unknown } } {
  return { jsonrpc: "2.0", id, error: data === undefined ? { code, message } : { code, message, data } };
}

/** The HTTP edge of the MCP endpoint: an AppError as a Response with a JSON-RPC error body. */
export function appErrorResponse(error: AppError, id: string | number | null = null): Response {
  return new Response(JSON.stringify(jsonRpcErrorBody(error.rpcCode, error.message, id, error.data)), {
    status: error.status,
    headers: { "content-type": "application/json", ...error.headers },
  });
}

/**
 * The SDK turns an error thrown by a request handler into a JSON-RPC error using its numeric `code`
 * and `message`; this gives an AppError (or anything else) that shape.
 */
export function toRpcError(error: unknown): Error & { code: number; data?: unknown } {
  if (error instanceof AppError)
    return Object.assign(new Error(error.message), { code: error.rpcCode, data: error.data });
  if (error instanceof Error && Number.isSafeInteger((error as { code?: unknown }).code)) {
    return error as Error & { code: number };
  }
  return Object.assign(new Error(error instanceof Error ? error.message : "Internal error"), {
    code: APP_ERROR_CODES.INTERNAL.rpc,
  });
}
