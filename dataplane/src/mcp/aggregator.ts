// Aggregates the servers of a namespace behind one MCP server. Tools and prompts are exposed as
// "<server>__<name>" and routed back by that prefix. Resources keep their URIs verbatim (clients and
// models rely on them, e.g. file:// paths) and only their names are prefixed; a resources/read is
// routed to the first server, in server-name order, that listed the URI, else to the first whose
// resource template matches it. So on a URI collision the server whose name sorts first wins.
// A single-server route (route.singleServer, the per-server endpoint) is the same aggregation over
// one server with no prefix: names are exposed and routed as the upstream spells them.
// A virtual route (route.virtual) shows only its entries, renamed; see virtual-view.ts.
// Lists and URI ownership live in aggregated-lists.ts; this file routes calls.
import type { RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { type ClientCapabilities, ResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { splitPrefixedName } from "@omnimesh/db/names";
import { AppError } from "../lib/app-error.ts";
import type { Logger } from "../lib/logger.ts";
import type { NamespaceRoute, ServerConfig } from "../modules/routing/model.ts";
import { AggregatedLists, exposedName, type Item, LISTS } from "./aggregated-lists.ts";
import { DEFAULT_PAGE_SIZE, paginate } from "./pagination.ts";
import type { CallLog } from "./stateless/call-logs.ts";
import { ResourceSubscriptions } from "./subscriptions.ts";
import type { ListKind, UpstreamConnection } from "./upstreams/upstream-connection.ts";
import type { UpstreamPool } from "./upstreams/upstream-pool.ts";
import { virtualTarget } from "./virtual-view.ts";

export interface AggregatorCallContext {
  route: NamespaceRoute;
  sessionId: string | null;
  signal: AbortSignal;
  /** Forwards upstream progress to the client under the client's own progress token. */
  sendProgress?: (progress: Record<string, unknown>) => void;
  /**
   * Hides items the caller may not use (policies); receives the canonical "<server>__<name>" (also on
   * single-server routes, so policies match the same names on every endpoint).
   */
  visible?: (kind: "tool" | "prompt", exposedName: string, server: ServerConfig) => boolean;
  /** Set when the session's client answers server→client requests (own upstream sessions where granted). */
  capabilities?: ClientCapabilities;
  /** Told which server a call goes to (server→client requests on shared stdio are routed by it). */
  onUpstream?: (serverId: string) => void;
  /**
   * The pool owner a call's connection is keyed by, instead of `sessionId`: stateless multi-round-trip
   * calls lease a connection of their own (mcp/stateless/input-required-calls.ts).
   */
  ownerFor?: (server: ServerConfig) => string | null;
  /** Overrides the server's timeout on calls (those calls keep time themselves). */
  timeoutMs?: number;
  /** A stateless 2026-07-28 call that asked for log messages: where they go (stateless/call-logs.ts). */
  callLog?: CallLog;
}

export class NamespaceAggregator {
  readonly subscriptions = new ResourceSubscriptions();
  private readonly lists: AggregatedLists;

  constructor(
    private readonly pool: UpstreamPool,
    logger: Logger,
    private readonly pageSize = DEFAULT_PAGE_SIZE,
  ) {
    this.lists = new AggregatedLists((server, ctx) => this.connection(server, ctx), logger);
  }

  /**
   * An exposed tool/prompt name → its upstream and the upstream's own name. Namespace routes split
   * "<server>__<name>"; single-server routes take the name verbatim.
   */
  resolveName(
    route: NamespaceRoute,
    exposed: unknown,
    kind?: "tool" | "prompt",
  ): { server: ServerConfig; name: string } | null {
    if (typeof exposed !== "string") return null;
    if (route.virtual) return virtualTarget(route.virtual, exposed, kind);
    if (route.singleServer) return { server: route.singleServer, name: exposed };
    const split = splitPrefixedName(exposed);
    const server = split ? route.serversByName.get(split.serverName) : undefined;
    return split && server ? { server, name: split.name } : null;
  }

  /** The name a tool/prompt of `server` is exposed under on this route. */
  exposedName(route: NamespaceRoute, server: ServerConfig, name: string): string {
    return exposedName(route, server, name);
  }

  async handle(method: string, params: Record<string, unknown> | undefined, ctx: AggregatorCallContext) {
    switch (method) {
      case "tools/list":
        return this.page("tools", await this.lists.aggregate("tools", ctx, "tool"), params);
      case "prompts/list":
        return this.page("prompts", await this.lists.aggregate("prompts", ctx, "prompt"), params);
      case "resources/list":
        return this.page("resources", await this.lists.aggregate("resources", ctx), params);
      case "resources/templates/list":
        return this.page("resourceTemplates", await this.lists.aggregate("resourceTemplates", ctx), params);
      case "resources/subscribe":
      case "resources/unsubscribe":
        return this.subscription(method, params ?? {}, ctx);
      case "tools/call":
      case "prompts/get":
        return this.forwardByName(method, params ?? {}, ctx);
      case "resources/read":
        return this.forwardByUri(method, params ?? {}, ctx);
      case "completion/complete":
        return this.complete(params ?? {}, ctx);
      default:
        throw Object.assign(new Error(`Method not found: ${method}`), { code: -32601 });
    }
  }

  /**
   * Lists come from the shared connection (they are the same for everyone); calls, which may ask
   * the client something, go to the session's own connection when it has one.
   */
  private connection(server: ServerConfig, ctx: AggregatorCallContext, call = false): UpstreamConnection {
    if (call) ctx.onUpstream?.(server.id);
    const owner = call && ctx.ownerFor ? ctx.ownerFor(server) : ctx.sessionId;
    return this.pool.get(server, owner, call || server.isolated ? ctx.capabilities : undefined);
  }

  private page(kind: ListKind, items: Item[], params: Record<string, unknown> | undefined) {
    const page = paginate(kind, items, params, this.pageSize);
    return { [LISTS[kind].field]: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  private async subscription(method: string, params: Record<string, unknown>, ctx: AggregatorCallContext) {
    const uri = params.uri;
    if (typeof uri !== "string") throw new AppError("INVALID_PARAMS", `${method} needs a string uri`);
    if (!ctx.sessionId) throw new AppError("BAD_REQUEST", `${method} needs a session`);
    if (method === "resources/unsubscribe") {
      await this.subscriptions.unsubscribe(uri, ctx.sessionId);
      return {};
    }
    const server = await this.lists.ownerOfUri(uri, ctx);
    if (!server)
      throw new AppError("INVALID_PARAMS", `Unknown resource "${uri}": no server of this namespace offers it`);
    const connection = this.connection(server, ctx, true);
    const client = await connection.getClient();
    if (!client.getServerCapabilities()?.resources?.subscribe) {
      throw new AppError("INVALID_PARAMS", `Server "${server.name}" does not support resource subscriptions`);
    }
    await this.subscriptions.subscribe(connection, uri, ctx.sessionId);
    return {};
  }

  /**
   * One call upstream. A stateless 2026-07-28 call that asked for log messages (`ctx.callLog`) is
   * registered on the connection while the request is open (stateless/call-logs.ts).
   */
  private send(
    connection: UpstreamConnection,
    request: { method: string; params: Record<string, unknown> },
    options: RequestOptions,
    log: CallLog | undefined,
  ) {
    const send = () => connection.request(request, ResultSchema, options);
    return log ? log.during(connection, send) : send();
  }

  private requestOptions(params: Record<string, unknown>, ctx: AggregatorCallContext): RequestOptions {
    const meta = params._meta as { progressToken?: unknown } | undefined;
    const options: RequestOptions = { signal: ctx.signal };
    if (ctx.timeoutMs !== undefined) options.timeout = ctx.timeoutMs;
    if (meta?.progressToken !== undefined && ctx.sendProgress) {
      options.onprogress = (progress) => ctx.sendProgress?.({ ...progress, progressToken: meta.progressToken });
      options.resetTimeoutOnProgress = true;
    }
    return options;
  }

  private async forwardByName(
    method: "tools/call" | "prompts/get",
    params: Record<string, unknown>,
    ctx: AggregatorCallContext,
  ) {
    const exposed = params.name;
    const kind = method === "tools/call" ? "tool" : "prompt";
    const target = this.resolveName(ctx.route, exposed, kind);
    if (!target) {
      throw new AppError(
        "INVALID_PARAMS",
        ctx.route.virtual
          ? `Unknown ${kind} "${String(exposed)}": not exposed by virtual server ${ctx.route.virtual.name}`
          : `Unknown ${kind} "${String(exposed)}": expected "<server>__<name>" of this namespace`,
      );
    }
    const { server } = target;
    const { _meta, ...rest } = params;
    const upstreamParams = { ...rest, name: target.name, ...(_meta ? { _meta: stripProgressToken(_meta) } : {}) };
    // ResultSchema is a loose object: the upstream result passes through verbatim.
    return this.send(
      this.connection(server, ctx, true),
      { method, params: upstreamParams },
      this.requestOptions(params, ctx),
      ctx.callLog,
    );
  }

  private async forwardByUri(method: string, params: Record<string, unknown>, ctx: AggregatorCallContext) {
    const uri = params.uri;
    if (typeof uri !== "string") throw new AppError("INVALID_PARAMS", "resources/read needs a string uri");
    const server = await this.lists.ownerOfUri(uri, ctx);
    if (!server)
      throw new AppError("INVALID_PARAMS", `Unknown resource "${uri}": no server of this namespace offers it`);
    return this.send(
      this.connection(server, ctx, true),
      { method, params },
      this.requestOptions(params, ctx),
      ctx.callLog,
    );
  }

  private async complete(params: Record<string, unknown>, ctx: AggregatorCallContext) {
    const ref = params.ref as { type?: string; name?: string; uri?: string } | undefined;
    if (ref?.type === "ref/prompt") {
      const target = ref.name ? this.resolveName(ctx.route, ref.name, "prompt") : null;
      if (!target) throw new AppError("INVALID_PARAMS", `Unknown prompt "${String(ref.name)}"`);
      const upstreamParams = { ...params, ref: { ...ref, name: target.name } };
      return this.send(
        this.connection(target.server, ctx, true),
        { method: "completion/complete", params: upstreamParams },
        { signal: ctx.signal },
        ctx.callLog,
      );
    }
    if (ref?.type === "ref/resource" && typeof ref.uri === "string") {
      const server = await this.lists.ownerOfUri(ref.uri, ctx);
      if (!server) throw new AppError("INVALID_PARAMS", `Unknown resource template "${ref.uri}"`);
      return this.send(
        this.connection(server, ctx, true),
        { method: "completion/complete", params },
        { signal: ctx.signal },
        ctx.callLog,
      );
    }
    throw new AppError("INVALID_PARAMS", "completion/complete needs a ref/prompt or ref/resource");
  }
}

/** The client's progress token means nothing upstream; the SDK client sets its own. */
function stripProgressToken(meta: unknown): Record<string, unknown> {
  const { progressToken: _ignored, ...rest } = (meta ?? {}) as Record<string, unknown>;
  return rest;
}
