// Operator endpoints for an admin-scoped credential, always limited to the caller's own org:
// session status per transport, the gateway's capabilities, broadcasts of a JSON-RPC notification to
// a namespace's sessions, WebSocket pings and forced closes. Errors go through Elysia's onError.
import { isJSONRPCNotification } from "@modelcontextprotocol/sdk/types.js";
import { AppError } from "../../lib/app-error.ts";
import type { ClientTransportKind } from "../../mcp/session-manager.ts";
import {
  GATEWAY_INFO,
  GATEWAY_PROTOCOL_VERSIONS,
  STATELESS_CAPABILITIES,
  STATELESS_METHODS,
} from "../../mcp/stateless-dispatcher.ts";
import { ADMIN_SCOPE, type ApiKeyRecord } from "../auth/model.ts";
import type { ApiKeyAuthenticator } from "../auth/service.ts";
import type { McpEdge } from "./edge.ts";
import { isOriginAllowed } from "./origins.ts";
import type { WebSocketHandler } from "./websocket.ts";

/** Capabilities of a session (the SDK Server's); the stateless paths offer STATELESS_CAPABILITIES. */
const SESSION_CAPABILITIES = {
  tools: { listChanged: true },
  prompts: { listChanged: true },
  resources: { listChanged: true },
  completions: {},
};

export class OperatorHandler {
  constructor(
    private readonly auth: ApiKeyAuthenticator,
    private readonly edge: McpEdge,
    private readonly websocket: WebSocketHandler,
    private readonly allowedOrigins: string[],
  ) {}

  /** GET /{mcp,sse,ws}/status: the caller's org's sessions on that transport. */
  async status(request: Request, kind: ClientTransportKind) {
    const key = await this.admin(request);
    const sessions = this.edge.sessionsOf(key.orgId, kind).map(({ session, owner }) => ({
      id: session.id,
      namespaceId: owner.namespaceId,
      namespace: owner.namespaceSlug,
      serverId: session.serverId,
      transport: session.kind,
      apiKeyId: owner.apiKeyId,
      createdAt: owner.createdAt.toISOString(),
      lastSeenAt: new Date(session.lastSeenAt).toISOString(),
      clientInfo: session.server.getClientVersion() ?? null,
    }));
    return { transport: kind, count: sessions.length, sessions };
  }

  /** GET /mcp/capabilities. */
  async capabilities(request: Request) {
    await this.admin(request);
    return {
      serverInfo: GATEWAY_INFO,
      protocolVersions: GATEWAY_PROTOCOL_VERSIONS,
      transports: ["streamable-http", "sse", "websocket", "rpc"],
      sessionCapabilities: SESSION_CAPABILITIES,
      statelessCapabilities: STATELESS_CAPABILITIES,
      statelessMethods: STATELESS_METHODS,
    };
  }

  /** POST /{sse,ws}/broadcast { namespace, message }: the notification to every session there. */
  async broadcast(request: Request, kind: "sse" | "websocket") {
    const key = await this.admin(request);
    const body = await readJson(request);
    const namespace = body.namespace;
    if (typeof namespace !== "string" || namespace === "") {
      throw new AppError("BAD_REQUEST", 'Bad Request: "namespace" (id or slug) is required');
    }
    if (!isJSONRPCNotification(body.message)) {
      throw new AppError("BAD_REQUEST", 'Bad Request: "message" must be a JSON-RPC notification (method, no id)');
    }
    const message = body.message;
    const targets = this.edge
      .sessionsOf(key.orgId, kind)
      .filter(({ owner }) => owner.namespaceId === namespace || owner.namespaceSlug === namespace);
    const sent = await Promise.all(
      targets.map(({ session }) =>
        session.transport.send(message).then(
          () => 1,
          () => 0,
        ),
      ),
    );
    return { transport: kind, namespace, sent: sent.reduce<number>((sum, n) => sum + n, 0) };
  }

  /** POST /ws/ping: a WebSocket ping to each of the org's sockets. */
  async ping(request: Request) {
    const key = await this.admin(request);
    let pinged = 0;
    for (const { session } of this.edge.sessionsOf(key.orgId, "websocket")) {
      const socket = this.websocket.sockets.get(session.id);
      if (socket && socket.ping() >= 0) pinged++;
    }
    return { pinged };
  }

  /** DELETE /ws/close { sessionId } or { namespace }: closes those WebSocket sessions of the org. */
  async close(request: Request) {
    const key = await this.admin(request);
    const body = await readJson(request);
    const { sessionId, namespace } = body as { sessionId?: unknown; namespace?: unknown };
    if (typeof sessionId !== "string" && typeof namespace !== "string") {
      throw new AppError("BAD_REQUEST", 'Bad Request: send "sessionId" or "namespace" (id or slug)');
    }
    const targets = this.edge
      .sessionsOf(key.orgId, "websocket")
      .filter(({ session, owner }) =>
        typeof sessionId === "string"
          ? session.id === sessionId
          : owner.namespaceId === namespace || owner.namespaceSlug === namespace,
      );
    if (typeof sessionId === "string" && targets.length === 0) {
      throw new AppError("NOT_FOUND", "Session not found");
    }
    await Promise.all(targets.map(({ session }) => this.edge.sessions.close(session.id)));
    return { closed: targets.length };
  }

  private async admin(request: Request): Promise<ApiKeyRecord> {
    const origin = request.headers.get("origin");
    if (origin !== null && !isOriginAllowed(origin, this.allowedOrigins)) {
      throw new AppError("FORBIDDEN", `Forbidden: origin ${origin} is not allowed (see OMNIMESH_ALLOWED_ORIGINS)`);
    }
    const key = await this.auth.authenticate(request.headers.get("authorization"));
    if (!key.scopes.includes(ADMIN_SCOPE)) {
      throw new AppError("FORBIDDEN", `Forbidden: operator endpoints need the "${ADMIN_SCOPE}" scope`);
    }
    return key;
  }
}

async function readJson(request: Request): Promise<Record<string, unknown>> {
  try {
    const value = (await request.json()) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Answered below.
  }
  throw new AppError("BAD_REQUEST", "Bad Request: body must be a JSON object");
}
