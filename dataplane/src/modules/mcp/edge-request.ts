// The checks of an incoming MCP request before anything is looked up (edge.ts): the origin, no
// credentials in the query string, and a JSON body of bounded size. Each throws or returns an AppError
// with the status and JSON-RPC code the client gets.
import { AppError } from "../../lib/app-error.ts";
import { isOriginAllowed } from "./origins.ts";

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const QUERY_CREDENTIALS = ["token", "access_token", "api_key", "apikey"];

/**
 * The query string's parameters, or null when the URL has none. A plain string check first: most
 * requests carry no query, and a `new URL()` per request cost about as much as the key's HMAC.
 */
export function queryOf(url: string): URLSearchParams | null {
  const start = url.indexOf("?");
  if (start === -1) return null;
  const end = url.indexOf("#", start);
  return new URLSearchParams(end === -1 ? url.slice(start + 1) : url.slice(start + 1, end));
}

/** No Origin: not a browser, nothing to check. Otherwise it must be allowed (origins.ts), also for WebSocket. */
export function checkOrigin(request: Request, allowedOrigins: string[]): void {
  const origin = request.headers.get("origin");
  if (origin !== null && !isOriginAllowed(origin, allowedOrigins)) {
    throw new AppError("FORBIDDEN", `Forbidden: origin ${origin} is not allowed (see OMNIMESH_ALLOWED_ORIGINS)`);
  }
}

/** URLs end up in logs and browser history: a credential there is refused, not used. */
export function rejectQueryCredentials(query: URLSearchParams | null): void {
  if (!query) return;
  const found = QUERY_CREDENTIALS.find((name) => query.has(name));
  if (found) {
    throw new AppError(
      "UNAUTHORIZED",
      `Credentials in the query string ("${found}") are not accepted: send Authorization: Bearer <key> ` +
        `(browsers' WebSocket: Sec-WebSocket-Protocol: mcp, bearer.<key>)`,
    );
  }
}

/** The JSON body of a POST, or the error the client gets: not JSON, too large, wrong content type. */
export async function readJsonBody(
  request: Request,
): Promise<{ ok: true; value: unknown; bytes: number } | { ok: false; error: AppError }> {
  const type = request.headers.get("content-type");
  if (type === null || type.split(";")[0]!.trim().toLowerCase() !== "application/json") {
    return {
      ok: false,
      error: new AppError("UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type: Content-Type must be application/json"),
    };
  }
  const text = await request.text();
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_BODY_BYTES) {
    return { ok: false, error: new AppError("BAD_REQUEST", `Request body larger than ${MAX_BODY_BYTES} bytes`) };
  }
  try {
    return { ok: true, value: JSON.parse(text), bytes };
  } catch {
    return { ok: false, error: new AppError("PARSE_ERROR", "Parse error: request body is not valid JSON") };
  }
}
