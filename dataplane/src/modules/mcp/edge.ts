// The HTTP edge every client transport shares: origin check, no credentials in the query string,
// body parsing, route resolution (cached), authentication (cached), the org/namespace scope of the
// key, and binding sessions to the key and endpoint that created them. Failures are answered as
// JSON-RPC error bodies with HTTP statuses and logged with the transport they arrived on. The request
// checks are edge-request.ts, the logging of refusals edge-rejections.ts.
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
import { describeBody, logRejection } from "./edge-rejections.ts";
import { checkOrigin, queryOf, readJsonBody, rejectQueryCredentials } from "./edge-request.ts";

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

/** Identifies the endpoint a session belongs to: namespace, single server, or virtual server. */
export function endpointKey(route: NamespaceRoute): string {
  if (route.virtual) return `virtual:${route.virtual.id}`;
  if (route.singleServer) return `server:${route.singleServer.id}`;
  return `namespace:${route.namespaceId}`;
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
    checkOrigin(request, this.deps.allowedOrigins);
    attempt.query = queryOf(request.url);
    rejectQueryCredentials(attempt.query);
    let bytes: number | null = null;
    let bodyError: AppError | null = null;
    if (options.readBody) {
      const parsed = await readJsonBody(request);
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
    logRejection(this.deps.logs, attempt, appError, described);
    return appErrorResponse(appError, described.id);
  }
}
