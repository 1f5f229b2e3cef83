import "server-only";
import { ZodError } from "zod";
import { AppError, validationError } from "~/server/errors/app-error";

/** Query parameters that would carry a credential; tokens belong in the Authorization header only. */
const TOKEN_PARAMS = ["access_token", "accesstoken", "token", "api_key", "apikey", "key", "jwt", "refresh_token"];

export function json(data: unknown, status = 200, headers: HeadersInit = {}): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store", ...headers } });
}

export function errorResponse(error: AppError): Response {
  const body = {
    error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) },
  };
  const headers: Record<string, string> = {};
  if (error.retryAfter) headers["retry-after"] = String(error.retryAfter);
  if (error.status === 401) headers["www-authenticate"] = 'Bearer realm="omnimesh"';
  return json(body, error.status, headers);
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return validationError(error);
  console.error("[rest] unhandled error", error);
  return new AppError("INTERNAL_ERROR", "Something went wrong");
}

/**
 * Wraps a REST route handler: refuses credentials in the query string and turns every error into
 * `{ error: { code, message, fields? } }` with the status of its code.
 */
export function restHandler<TContext>(
  handler: (request: Request, context: TContext) => Promise<Response>,
): (request: Request, context: TContext) => Promise<Response> {
  return async (request, context) => {
    try {
      const params = new URL(request.url).searchParams;
      const leaked = [...params.keys()].find((name) => TOKEN_PARAMS.includes(name.toLowerCase()));
      if (leaked) {
        throw new AppError("TOKEN_IN_QUERY", "Send credentials in the Authorization header, not the query string", {
          fields: { [leaked]: "Credentials are not accepted in the query string" },
        });
      }
      return await handler(request, context);
    } catch (error) {
      return errorResponse(toAppError(error));
    }
  };
}

/** The JSON body, or VALIDATION_ERROR when it is missing or malformed. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("VALIDATION_ERROR", "Request body is not valid JSON", { fields: { _body: "Invalid JSON" } });
  }
}

export function queryObject(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
