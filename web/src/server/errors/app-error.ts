import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import type { z } from "zod";

/** Stable error codes of the control plane: REST clients and tests match on these, never on messages. */
export const APP_ERROR_CODES = {
  VALIDATION_ERROR: { status: 400, trpc: "BAD_REQUEST" },
  TOKEN_IN_QUERY: { status: 400, trpc: "BAD_REQUEST" },
  UNAUTHORIZED: { status: 401, trpc: "UNAUTHORIZED" },
  INVALID_CREDENTIALS: { status: 401, trpc: "UNAUTHORIZED" },
  TOKEN_REUSED: { status: 401, trpc: "UNAUTHORIZED" },
  FORBIDDEN: { status: 403, trpc: "FORBIDDEN" },
  NOT_FOUND: { status: 404, trpc: "NOT_FOUND" },
  CONFLICT: { status: 409, trpc: "CONFLICT" },
  ACCOUNT_LOCKED: { status: 429, trpc: "TOO_MANY_REQUESTS" },
  RATE_LIMITED: { status: 429, trpc: "TOO_MANY_REQUESTS" },
  INTERNAL_ERROR: { status: 500, trpc: "INTERNAL_SERVER_ERROR" },
} as const satisfies Record<string, { status: number; trpc: TRPC_ERROR_CODE_KEY }>;

export type TAppErrorCode = keyof typeof APP_ERROR_CODES;

export interface AppErrorOptions {
  /** Field name → message, for input errors that the UI or a REST client can attach to a field. */
  fields?: Record<string, string>;
  /** Seconds until a rate-limited or locked caller may retry. */
  retryAfter?: number;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: TAppErrorCode;
  readonly fields: Record<string, string> | undefined;
  readonly retryAfter: number | undefined;

  constructor(code: TAppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.fields = options.fields;
    this.retryAfter = options.retryAfter;
  }

  get status(): number {
    return APP_ERROR_CODES[this.code].status;
  }

  static notFound(what: string): AppError {
    return new AppError("NOT_FOUND", `${what} not found`);
  }
}

/** Field path → first message, e.g. { "env.API_KEY": "Invalid input" }. */
export function zodFieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join(".") : "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

export function validationError(error: z.ZodError): AppError {
  const fields = zodFieldErrors(error);
  const names = Object.keys(fields).filter((name) => name !== "_");
  const message =
    names.length > 0 ? `Invalid input: ${names.join(", ")}` : (error.issues[0]?.message ?? "Invalid input");
  return new AppError("VALIDATION_ERROR", message, { fields, cause: error });
}

/** Parses untrusted input with a procedure's schema, throwing VALIDATION_ERROR that names the fields. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/** Prisma's unique-constraint violation, without importing the runtime error classes. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}
