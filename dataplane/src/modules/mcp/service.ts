// The HTTP edge of /ns/:org/:ns/mcp and /servers/:id/mcp: authenticate (cached), resolve the
// namespace or server (cached), bind the session to the key and endpoint that created it, then hand
// the request to that session's SDK transport.
// Failures before a session exists are answered here, as JSON-RPC error bodies with HTTP statuses.
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { AppError, appErrorResponse } from "../../lib/app-error.ts";
import type { Logger } from "../../lib/logger.ts";
import type { RequestContext, SessionManager } from "../../mcp/session-manager.ts";
import type { LastUsedTracker } from "../auth/last-used.ts";
import type { ApiKeyRecord } from "../auth/model.ts";
import { type ApiKeyAuthenticator, toPrincipal } from "../auth/service.ts";
import type { RequestLogWriter } from "../request-logs/service.ts";
import type { RouteLookup } from "../routing/model.ts";
import type { NamespaceDirectory } from "../routing/service.ts";

export interface McpHttpDeps {
  auth: ApiKeyAuthenticator;
  directory: NamespaceDirectory;
  sessions: SessionManager;
  lastUsed: LastUsedTracker;
  logs: RequestLogWriter;
  logger: Logger;
  allowedOrigins: string[];
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

type ParsedBody = { ok: true; value: unknown; bytes: number } | { ok: false; error: AppError };

function isJsonContentType(value: string | null): boolean {
  return value !== null && value.split(";")[0]!.trim().toLowerCase() === "application/json";
}

/** First JSON-RPC method and id of a body, for logging requests rejected before a session. */
function describeBody(body: unknown): { method: string; id: string | number | null } {
  const first = (Array.isArray(body) ? body[0] : body) as { method?: unknown; id?: unknown } | undefined;
  return {
    method: typeof first?.method === "string" ? first.method : "unknown",
    id: typeof first?.id === "string" || typeof first?.id === "number" ? first.id : null,
  };
}

export class McpHttpService {
  constructor(private readonly deps: McpHttpDeps) {}

  /** /ns/:orgSlug/:namespaceSlug/mcp: every enabled server of the namespace, prefixed. */
  handle(request: Request, orgSlug: string, namespaceSlug: string, clientIp: string | null): Promise<Response> {
    return this.serve(
      request,
      () => this.deps.directory.resolve(orgSlug, namespaceSlug),
      `Namespace "${orgSlug}/${namespaceSlug}" not found`,
      clientIp,
    );
  }

  /** /servers/:serverId/mcp: one enabled server, its names unprefixed. */
  handleServer(request: Request, serverId: string, clientIp: string | null): Promise<Response> {
    return this.serve(
      request,
      () => this.deps.directory.resolveServer(serverId),
      `Server "${serverId}" not found`,
      clientIp,
    );
  }

  private async serve(
    request: Request,
    resolve: () => RouteLookup | null | Promise<RouteLookup | null>,
    notFoundMessage: string,
    clientIp: string | null,
  ): Promise<Response> {
    const startedAt = performance.now();
    let body: ParsedBody | null = null;
    let lookup: RouteLookup | null = null;
    let key: ApiKeyRecord | null = null;
    try {
      this.checkOrigin(request);
      if (request.method === "POST") body = await this.readBody(request);
      lookup = await resolve();
      key = await this.deps.auth.authenticate(request.headers.get("authorization"));
      const route = lookup?.route;
      // Another org's namespace (or server), or one the key is not scoped to: indistinguishable from a
      // missing one.
      if (
        !lookup ||
        !route ||
        key.orgId !== lookup.orgId ||
        (key.namespaceIds.length > 0 && !key.namespaceIds.includes(route.namespaceId))
      ) {
        throw new AppError("NOT_FOUND", notFoundMessage);
      }
      this.deps.lastUsed.touch(key.id, clientIp);
      if (body && !body.ok) throw body.error;
      const parsed = body?.ok ? body.value : undefined;
      const ctx: RequestContext = {
        principal: toPrincipal(key),
        route,
        clientIp,
        requestBytes: body?.ok && !Array.isArray(parsed) ? body.bytes : null,
      };
      const authInfo = {
        token: key.prefix,
        clientId: key.id,
        scopes: key.scopes,
        extra: ctx as unknown as Record<string, unknown>,
      };
      const sessionId = request.headers.get("mcp-session-id");
      if (sessionId) {
        const session = this.deps.sessions.get(sessionId);
        // A session belongs to the key and endpoint that created it; anyone else gets "not found".
        if (
          !session ||
          session.apiKeyId !== key.id ||
          session.namespaceId !== route.namespaceId ||
          session.serverId !== (route.singleServer?.id ?? null)
        ) {
          throw new AppError(
            "SESSION_NOT_FOUND",
            "Session not found: it expired, was closed, or belongs to another key",
          );
        }
        session.lastSeenAt = Date.now();
        if (!session.http)
          throw new AppError("SESSION_NOT_FOUND", "Session not found: it belongs to another transport");
        return await session.http.handleRequest(request, { parsedBody: parsed, authInfo });
      }
      if (request.method !== "POST" || !isInitializeRequest(parsed)) {
        throw new AppError("BAD_REQUEST", "Bad Request: Mcp-Session-Id header is required (send initialize first)");
      }
      const session = await this.deps.sessions.create(ctx.principal, route);
      return await session.http!.handleRequest(request, { parsedBody: parsed, authInfo });
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError("INTERNAL", "Internal error");
      if (!(error instanceof AppError)) this.deps.logger.error("mcp request failed", { error: String(error) });
      const described = describeBody(body?.ok ? body.value : undefined);
      this.logRejection(appError, lookup, key, described, clientIp, startedAt, request);
      return appErrorResponse(appError, described.id);
    }
  }

  private checkOrigin(request: Request): void {
    const origin = request.headers.get("origin");
    const allowed = this.deps.allowedOrigins;
    if (origin && allowed.length > 0 && !allowed.includes(origin)) {
      throw new AppError("FORBIDDEN", `Forbidden: origin ${origin} is not allowed`);
    }
  }

  private async readBody(request: Request): Promise<ParsedBody> {
    if (!isJsonContentType(request.headers.get("content-type"))) {
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
    error: AppError,
    lookup: RouteLookup | null,
    key: ApiKeyRecord | null,
    described: { method: string; id: string | number | null },
    clientIp: string | null,
    startedAt: number,
    request: Request,
  ): void {
    const orgId = key?.orgId ?? lookup?.orgId;
    if (!orgId) return;
    const known = lookup?.orgId === orgId && error.code !== "NOT_FOUND";
    this.deps.logs.push({
      orgId,
      namespaceId: known ? (lookup?.route?.namespaceId ?? null) : null,
      serverId: known ? (lookup?.route?.singleServer?.id ?? null) : null,
      apiKeyId: key?.id ?? null,
      sessionId: null,
      transport: "streamable-http",
      method: described.method === "unknown" ? `http:${request.method}` : described.method,
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
      latencyMs: Math.round((performance.now() - startedAt) * 1000) / 1000,
      requestBytes: null,
      responseBytes: null,
      clientIp,
      createdAt: new Date(),
    });
  }
}
