// The HTTP edge every client transport shares: origin check, no credentials in the query string,
// body parsing, route resolution (cached), authentication (cached), the org/namespace scope of the
// key, and binding sessions to the key and endpoint that created them. Failures are answered as
// JSON-RPC error bodies with HTTP statuses and logged with the transport they arrived on.
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { AppError, appErrorResponse } from "../../lib/app-error.ts";
import type { Logger } from "../../lib/logger.ts";
import type {
  ClientTransportKind,
  McpSessionState,
  RequestContext,
  SessionManager,
} from "../../mcp/session-manager.ts";
import type { LastUsedTracker } from "../auth/last-used.ts";
import type { ApiKeyRecord } from "../auth/model.ts";
import { type ApiKeyAuthenticator, toPrincipal } from "../auth/service.ts";
import type { RequestLogWriter } from "../request-logs/service.ts";
import type { NamespaceRoute, RouteLookup } from "../routing/model.ts";
import { isOriginAllowed } from "./origins.ts";

export interface McpEdgeDeps {
  auth: ApiKeyAuthenticator;
  sessions: SessionManager;
  lastUsed: LastUsedTracker;
  logs: RequestLogWriter;
  logger: Logger;
  /** The effective list (allowedOriginsOf in origins.ts). */
  allowedOrigins: string[];
}

/** request_logs.transport values. */
export type EdgeTransport = ClientTransportKind | "rpc";

/** One URL family's target: /ns/:org/:ns, /servers/:id, /virtual/:id, or the root. */
export interface Endpoint {
  /** `key` is null unless `afterAuth` (root paths resolve from the key's namespace). */
  resolve(key: ApiKeyRecord | null): RouteLookup | null | Promise<RouteLookup | null>;
  notFoundMessage: string;
  afterAuth?: boolean;
}

export interface Admission {
  key: ApiKeyRecord;
  route: NamespaceRoute;
  ctx: RequestContext;
  authInfo: AuthInfo;
  /** The parsed JSON body (POST only). */
  body: unknown;
}

export interface SessionOwner {
  apiKeyId: string;
  endpoint: string;
  orgId: string;
  namespaceId: string;
  namespaceSlug: string;
  createdAt: Date;
}

/** What is known about a request so far; a rejection is logged with it. */
export class Attempt {
  lookup: RouteLookup | null = null;
  key: ApiKeyRecord | null = null;
  body: unknown;
  /** The URL's query parameters, parsed once by `admit` (null: the URL has no query). */
  query: URLSearchParams | null = null;
  readonly startedAt = performance.now();

  constructor(
    readonly request: Request,
    readonly transport: EdgeTransport,
    readonly clientIp: string | null,
  ) {}
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const QUERY_CREDENTIALS = ["token", "access_token", "api_key", "apikey"];

/** Identifies the endpoint a session belongs to: namespace, single server, or virtual server. */
export function endpointKey(route: NamespaceRoute): string {
  if (route.virtual) return `virtual:${route.virtual.id}`;
  if (route.singleServer) return `server:${route.singleServer.id}`;
  return `namespace:${route.namespaceId}`;
}

/**
 * The query string's parameters, or null when the URL has none. A plain string check first: most
 * requests carry no query, and a `new URL()` per request cost about as much as the key's HMAC.
 */
function queryOf(url: string): URLSearchParams | null {
  const start = url.indexOf("?");
  if (start === -1) return null;
  const end = url.indexOf("#", start);
  return new URLSearchParams(end === -1 ? url.slice(start + 1) : url.slice(start + 1, end));
}

/** First JSON-RPC method and id of a body, for logging requests rejected before dispatch. */
function describeBody(body: unknown): { method: string; id: string | number | null } {
  const first = (Array.isArray(body) ? body[0] : body) as { method?: unknown; id?: unknown } | undefined;
  return {
    method: typeof first?.method === "string" ? first.method : "unknown",
    id: typeof first?.id === "string" || typeof first?.id === "number" ? first.id : null,
  };
}

export class McpEdge {
  /** Session → the key and endpoint that created it. */
  private readonly owners = new WeakMap<McpSessionState, SessionOwner>();

  constructor(private readonly deps: McpEdgeDeps) {}

  get sessions(): SessionManager {
    return this.deps.sessions;
  }

  /**
   * Runs every check before a message may be dispatched. Throws an AppError; the caller answers it
   * with `reject(attempt, error)`. `authorization` overrides the header (WebSocket subprotocol).
   */
  async admit(
    attempt: Attempt,
    endpoint: Endpoint,
    options: { readBody?: boolean; authorization?: string | null } = {},
  ): Promise<Admission> {
    const { request } = attempt;
    this.checkOrigin(request);
    attempt.query = queryOf(request.url);
    this.rejectQueryCredentials(attempt.query);
    let bytes: number | null = null;
    let bodyError: AppError | null = null;
    if (options.readBody) {
      const parsed = await this.readBody(request);
      if (parsed.ok) {
        attempt.body = parsed.value;
        bytes = parsed.bytes;
      } else bodyError = parsed.error;
    }
    if (!endpoint.afterAuth) attempt.lookup = await endpoint.resolve(null);
    const authorization = options.authorization ?? request.headers.get("authorization");
    attempt.key = await this.deps.auth.authenticate(authorization);
    const key = attempt.key;
    if (endpoint.afterAuth) attempt.lookup = await endpoint.resolve(key);
    const lookup = attempt.lookup;
    const route = lookup?.route;
    // Another org's namespace (or server), or one the key is not scoped to: indistinguishable from a
    // missing one.
    if (
      !lookup ||
      !route ||
      key.orgId !== lookup.orgId ||
      (key.namespaceIds.length > 0 && !key.namespaceIds.includes(route.namespaceId))
    ) {
      throw new AppError("NOT_FOUND", endpoint.notFoundMessage);
    }
    this.deps.lastUsed.touch(key.id, attempt.clientIp);
    if (bodyError) throw bodyError;
    const ctx: RequestContext = {
      principal: toPrincipal(key),
      route,
      clientIp: attempt.clientIp,
      requestBytes: bytes !== null && !Array.isArray(attempt.body) ? bytes : null,
    };
    const authInfo: AuthInfo = {
      token: key.prefix,
      clientId: key.id,
      scopes: key.scopes,
      extra: ctx as unknown as Record<string, unknown>,
    };
    return { key, route, ctx, authInfo, body: attempt.body };
  }

  /**
   * Why a credential admitted earlier may no longer be used (null: still valid). API keys are looked up
   * in the cache again (dropped on change notifications, so a revocation is seen); JWTs expire or are
   * voided by a membership change.
   */
  async revalidate(key: ApiKeyRecord, now = Date.now()): Promise<string | null> {
    if (key.expiresAt !== null && key.expiresAt <= now) {
      return key.kind === "jwt" ? "Access token has expired" : "API key has expired";
    }
    // A JWT is voided by a membership change of its user (revocations.ts), with no lookup.
    if (key.kind !== "api_key") return this.deps.auth.jwtRevocation(key, now);
    const current = await this.deps.auth.cache.get(key.prefix);
    if (!current || current.id !== key.id) return "API key no longer exists";
    if (current.revokedAt !== null) return "API key has been revoked";
    if (current.expiresAt !== null && current.expiresAt <= now) return "API key has expired";
    return null;
  }

  /** Remembers who created a session, so no other key or endpoint can use it. */
  own(session: McpSessionState, admission: Admission): void {
    const { route } = admission;
    this.owners.set(session, {
      apiKeyId: admission.key.id,
      endpoint: endpointKey(route),
      orgId: route.orgId,
      namespaceId: route.namespaceId,
      namespaceSlug: route.namespaceSlug,
      createdAt: new Date(),
    });
  }

  /** The live sessions of one org (operator endpoints), optionally of one transport. */
  sessionsOf(orgId: string, kind?: ClientTransportKind): Array<{ session: McpSessionState; owner: SessionOwner }> {
    const out: Array<{ session: McpSessionState; owner: SessionOwner }> = [];
    for (const session of this.deps.sessions.list()) {
      const owner = this.owners.get(session);
      if (owner?.orgId === orgId && (!kind || session.kind === kind) && session.id) out.push({ session, owner });
    }
    return out;
  }

  /** The caller's session of the given kind, or SESSION_NOT_FOUND (never says whose it is). */
  session(id: string | null, admission: Admission, kind: ClientTransportKind): McpSessionState {
    const session = id ? this.deps.sessions.get(id) : undefined;
    const owner = session ? this.owners.get(session) : undefined;
    if (
      !session ||
      !owner ||
      owner.apiKeyId !== admission.key.id ||
      owner.endpoint !== endpointKey(admission.route) ||
      session.kind !== kind
    ) {
      throw new AppError("SESSION_NOT_FOUND", "Session not found: it expired, was closed, or belongs to another key");
    }
    session.lastSeenAt = Date.now();
    return session;
  }

  /** An error as the client sees it (JSON-RPC body, HTTP status), logged when the org is known. */
  reject(attempt: Attempt, error: unknown): Response {
    const appError = error instanceof AppError ? error : new AppError("INTERNAL", "Internal error");
    if (!(error instanceof AppError)) this.deps.logger.error("mcp request failed", { error: String(error) });
    const described = describeBody(attempt.body);
    this.logRejection(attempt, appError, described);
    return appErrorResponse(appError, described.id);
  }

  /** No Origin: not a browser, nothing to check. Otherwise it must be allowed (origins.ts), also for WebSocket. */
  private checkOrigin(request: Request): void {
    const origin = request.headers.get("origin");
    if (origin !== null && !isOriginAllowed(origin, this.deps.allowedOrigins)) {
      throw new AppError("FORBIDDEN", `Forbidden: origin ${origin} is not allowed (see OMNIMESH_ALLOWED_ORIGINS)`);
    }
  }

  /** URLs end up in logs and browser history: a credential there is refused, not used. */
  private rejectQueryCredentials(query: URLSearchParams | null): void {
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

  private async readBody(
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

  /** Rejections are logged when the org is known: from the key when valid, else from the URL. */
  private logRejection(
    attempt: Attempt,
    error: AppError,
    described: { method: string; id: string | number | null },
  ): void {
    const { lookup, key } = attempt;
    const orgId = key?.orgId ?? lookup?.orgId;
    if (!orgId) return;
    const known = lookup?.orgId === orgId && error.code !== "NOT_FOUND";
    this.deps.logs.push({
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
}
