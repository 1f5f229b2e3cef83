// The stdio bridge: lets an org's admins talk to, start and stop the stdio servers registered in
// mcp_servers, through the same shared upstream connections the MCP endpoints use. Only registered
// servers of the caller's org are reachable (anything else is "not found"); the command always comes
// from the server row, never from the request.
import { ResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { prefixedName } from "@omnimesh/db/names";
import type { DbPool } from "../../db/pool.ts";
import { AppError, jsonRpcErrorBody } from "../../lib/app-error.ts";
import { errorMessage } from "../../lib/logger.ts";
import type { UpstreamConnection } from "../../mcp/upstreams/upstream-connection.ts";
import type { UpstreamPool } from "../../mcp/upstreams/upstream-pool.ts";
import type { LastUsedTracker } from "../auth/last-used.ts";
import { isAdmin, loggedApiKeyId, type Principal } from "../auth/model.ts";
import { type ApiKeyAuthenticator, toPrincipal } from "../auth/service.ts";
import type { RequestLogStatus } from "../request-logs/model.ts";
import type { RequestLogWriter } from "../request-logs/service.ts";
import type { ServerConfig } from "../routing/model.ts";
import type { NamespaceDirectory } from "../routing/service.ts";
import type { StdioProcessView, TExecuteBody, TProcessBody, TSendBody } from "./model.ts";

export const BRIDGE_TRANSPORT = "stdio-bridge";

export interface StdioBridgeDeps {
  auth: ApiKeyAuthenticator;
  directory: NamespaceDirectory;
  upstreams: UpstreamPool;
  logs: RequestLogWriter;
  lastUsed: LastUsedTracker;
  pool: DbPool;
}

type JsonRpcResponse = ReturnType<typeof jsonRpcErrorBody> | { jsonrpc: "2.0"; id: string | number; result: unknown };

function view(server: { id: string; name: string; namespaceId: string }, enabled: boolean) {
  return (connection: UpstreamConnection | null, extraRestarts: number): StdioProcessView => {
    const record = connection?.process;
    return {
      serverId: server.id,
      serverName: server.name,
      namespaceId: server.namespaceId,
      enabled,
      owner: connection?.owner ?? null,
      pid: record?.pid ?? null,
      running: record?.running ?? false,
      startedAt: record?.startedAt ? new Date(record.startedAt).toISOString() : null,
      exitedAt: record?.exitedAt ? new Date(record.exitedAt).toISOString() : null,
      exitCode: record?.exitCode ?? null,
      restarts: (record?.restarts ?? 0) + extraRestarts,
      lastError: connection?.lastError ?? null,
      stderrTail: connection?.stderr.tail(20) ?? [],
    };
  };
}

export class StdioBridgeService {
  /** Restarts asked for through the bridge (each replaces the connection, whose own count starts over). */
  private readonly restarts = new Map<string, number>();

  constructor(private readonly deps: StdioBridgeDeps) {}

  /** The caller: an admin-scoped API key of the org, or an admin/owner access token. */
  async authenticate(authorization: string | null, clientIp: string | null): Promise<Principal> {
    const record = await this.deps.auth.authenticate(authorization);
    this.deps.lastUsed.touch(record.id, clientIp);
    const principal = toPrincipal(record);
    if (!isAdmin(principal)) {
      throw new AppError(
        "FORBIDDEN",
        "Forbidden: the stdio bridge needs an API key with the admin scope or an admin/owner access token",
      );
    }
    return principal;
  }

  /** One JSON-RPC request to the server, answered with the upstream's JSON-RPC response. */
  async execute(
    principal: Principal,
    body: TExecuteBody,
    clientIp: string | null,
  ): Promise<{ status: number; body: JsonRpcResponse }> {
    const startedAt = performance.now();
    const server = await this.resolve(principal, body.serverId);
    const { id, method, params } = body.message;
    let status = 200;
    let response: JsonRpcResponse;
    let logStatus: RequestLogStatus = "ok";
    try {
      const connection = this.deps.upstreams.get(server, null);
      const result = await connection.request({ method, params }, ResultSchema);
      response = { jsonrpc: "2.0", id, result };
    } catch (error) {
      logStatus = "error";
      if (error instanceof AppError) {
        status = error.status;
        response = jsonRpcErrorBody(error.rpcCode, error.message, id, error.data);
      } else {
        // The upstream's own JSON-RPC error (already naming the server): its answer, so HTTP 200.
        const { code, data } = error as { code?: unknown; data?: unknown };
        response = jsonRpcErrorBody(
          Number.isSafeInteger(code) ? (code as number) : -32603,
          errorMessage(error),
          id,
          data,
        );
      }
    }
    this.log(principal, server, { method, params, id }, clientIp, startedAt, logStatus, response);
    return { status, body: response };
  }

  /** A notification, or a request whose response nobody waits for; the server is started if needed. */
  async send(principal: Principal, body: TSendBody, clientIp: string | null): Promise<{ accepted: true }> {
    const startedAt = performance.now();
    const server = await this.resolve(principal, body.serverId);
    const { id, method, params } = body.message;
    const connection = this.deps.upstreams.get(server, null);
    const client = await connection.getClient();
    if (id === undefined) {
      // Straight onto the transport: the SDK Client would refuse notifications for capabilities the
      // gateway did not declare, and a notification needs no bookkeeping of ids.
      const transport = client.transport;
      if (!transport) throw new AppError("UPSTREAM_UNAVAILABLE", `Upstream server "${server.name}" is not connected`);
      await transport.send({ jsonrpc: "2.0", method, ...(params ? { params } : {}) }).catch((error: unknown) => {
        throw new AppError("UPSTREAM_UNAVAILABLE", `Upstream server "${server.name}": ${errorMessage(error)}`);
      });
    } else {
      void connection.request({ method, params }, ResultSchema).catch(() => {});
    }
    this.log(principal, server, { method, params, id }, clientIp, startedAt, "ok", null);
    return { accepted: true };
  }

  /** Every stdio server of the org with its process (or processes, for isolated servers). */
  async listProcesses(principal: Principal): Promise<{ processes: StdioProcessView[] }> {
    // An operator listing, not the MCP hot path: one query so servers never started show up too.
    const { rows } = await this.deps.pool.query<{ id: string; name: string; namespace_id: string; enabled: boolean }>(
      `select id, name, namespace_id, enabled from mcp_servers
        where org_id = $1 and transport = 'stdio'::"Transport"
          and (cardinality($2::text[]) = 0 or namespace_id = any($2::text[]))
        order by name, id`,
      [principal.orgId, principal.namespaceIds],
    );
    const live = this.liveConnections(principal.orgId);
    const processes: StdioProcessView[] = [];
    for (const row of rows) {
      const toView = view({ id: row.id, name: row.name, namespaceId: row.namespace_id }, row.enabled);
      const connections = live.filter((connection) => connection.config.id === row.id);
      const extra = this.restarts.get(row.id) ?? 0;
      if (connections.length === 0) processes.push(toView(null, extra));
      for (const connection of connections) processes.push(toView(connection, extra));
    }
    return { processes };
  }

  /** start: runs the server (if not running) and waits for its handshake; stop: ends every process. */
  async control(principal: Principal, body: TProcessBody): Promise<{ processes: StdioProcessView[] }> {
    const live = this.liveConnections(principal.orgId).filter((c) => c.config.id === body.serverId);
    if (body.action === "stop") {
      // A server disabled since it started can still be stopped: its live connections prove it is ours.
      const server = live[0]?.config ?? (await this.resolve(principal, body.serverId));
      if (principal.namespaceIds.length > 0 && !principal.namespaceIds.includes(server.namespaceId)) {
        throw this.notFound(body.serverId);
      }
      await this.deps.upstreams.closeServer(server.id);
      const toView = view(server, true);
      const extra = this.restarts.get(server.id) ?? 0;
      return { processes: live.length > 0 ? live.map((c) => toView(c, extra)) : [toView(null, extra)] };
    }
    const server = await this.resolve(principal, body.serverId);
    if (body.action === "restart") {
      await this.deps.upstreams.closeServer(server.id);
      this.restarts.set(server.id, (this.restarts.get(server.id) ?? 0) + 1);
    }
    const connection = this.deps.upstreams.get(server, null);
    await connection.getClient();
    return { processes: [view(server, true)(connection, this.restarts.get(server.id) ?? 0)] };
  }

  private liveConnections(orgId: string): UpstreamConnection[] {
    return this.deps.upstreams
      .list()
      .filter((connection) => connection.config.orgId === orgId && connection.config.transport === "stdio");
  }

  /** A stdio server of the caller's org (and of its key's namespaces); anything else is not found. */
  private async resolve(principal: Principal, serverId: string): Promise<ServerConfig> {
    const lookup = await this.deps.directory.resolveServer(serverId);
    const server = lookup?.route?.singleServer;
    if (
      !lookup ||
      !server ||
      lookup.orgId !== principal.orgId ||
      server.transport !== "stdio" ||
      (principal.namespaceIds.length > 0 && !principal.namespaceIds.includes(server.namespaceId))
    ) {
      throw this.notFound(serverId);
    }
    return server;
  }

  private notFound(serverId: string): AppError {
    return new AppError("NOT_FOUND", `Stdio server "${serverId}" not found`);
  }

  private log(
    principal: Principal,
    server: ServerConfig,
    message: { method: string; params?: Record<string, unknown>; id?: string | number },
    clientIp: string | null,
    startedAt: number,
    status: RequestLogStatus,
    response: JsonRpcResponse | null,
  ): void {
    const name = message.params?.name;
    const error = response && "error" in response ? response.error : null;
    this.deps.logs.push({
      orgId: server.orgId,
      namespaceId: server.namespaceId,
      serverId: server.id,
      apiKeyId: loggedApiKeyId(principal),
      userId: principal.userId,
      sessionId: null,
      transport: BRIDGE_TRANSPORT,
      method: message.method,
      toolName:
        typeof name === "string" && (message.method === "tools/call" || message.method === "prompts/get")
          ? prefixedName(server.name, name)
          : null,
      jsonrpcId: message.id === undefined ? null : String(message.id),
      status,
      errorCode: error?.code ?? null,
      errorMessage: error?.message ?? null,
      latencyMs: Math.round((performance.now() - startedAt) * 1000) / 1000,
      requestBytes: null,
      responseBytes: response ? null : 0,
      responseBody: response ?? undefined,
      clientIp,
      createdAt: new Date(),
    });
  }
}
