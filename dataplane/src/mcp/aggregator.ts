// Aggregates the servers of a namespace behind one MCP server. Tools and prompts are exposed as
// "<server>__<name>" and routed back by that prefix. Resources keep their URIs verbatim (clients and
// models rely on them, e.g. file:// paths) and only their names are prefixed; a resources/read is
// routed to the first server, in server-name order, that listed the URI, else to the first whose
// resource template matches it. So on a URI collision the server whose name sorts first wins.
// A single-server route (route.singleServer, the per-server endpoint) is the same aggregation over
// one server with no prefix: names are exposed and routed as the upstream spells them.
// A virtual route (route.virtual) shows only its entries, renamed; see virtual-view.ts.
import type { RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import {
  type ClientCapabilities,
  ListPromptsResultSchema,
  ListResourcesResultSchema,
  ListResourceTemplatesResultSchema,
  ListToolsResultSchema,
  ResultSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { prefixedName, splitPrefixedName } from "@omnimesh/db/names";
import { AppError } from "../lib/app-error.ts";
import { errorMessage, type Logger } from "../lib/logger.ts";
import type { NamespaceRoute, ServerConfig } from "../modules/routing/model.ts";
import { DEFAULT_PAGE_SIZE, paginate } from "./pagination.ts";
import { ResourceSubscriptions } from "./subscriptions.ts";
import type { ListKind, UpstreamConnection } from "./upstreams/upstream-connection.ts";
import type { UpstreamPool } from "./upstreams/upstream-pool.ts";
import { virtualItem, virtualResourceOwner, virtualTarget } from "./virtual-view.ts";

type Item = Record<string, unknown> & { name?: string; uri?: string; uriTemplate?: string };

const LISTS = {
  tools: { method: "tools/list", schema: ListToolsResultSchema, field: "tools", capability: "tools" },
  prompts: { method: "prompts/list", schema: ListPromptsResultSchema, field: "prompts", capability: "prompts" },
  resources: {
    method: "resources/list",
    schema: ListResourcesResultSchema,
    field: "resources",
    capability: "resources",
  },
  resourceTemplates: {
    method: "resources/templates/list",
    schema: ListResourceTemplatesResultSchema,
    field: "resourceTemplates",
    capability: "resources",
  },
} as const;

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
  /** Set when the session's client answers server→client requests: its calls get their own upstream sessions. */
  capabilities?: ClientCapabilities;
}

export class NamespaceAggregator {
  readonly subscriptions = new ResourceSubscriptions();

  constructor(
    private readonly pool: UpstreamPool,
    private readonly logger: Logger,
    private readonly pageSize = DEFAULT_PAGE_SIZE,
  ) {}

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
    return route.singleServer ? name : prefixedName(server.name, name);
  }

  async handle(method: string, params: Record<string, unknown> | undefined, ctx: AggregatorCallContext) {
    switch (method) {
      case "tools/list":
        return this.page("tools", await this.aggregate("tools", ctx, "tool"), params);
      case "prompts/list":
        return this.page("prompts", await this.aggregate("prompts", ctx, "prompt"), params);
      case "resources/list":
        return this.page("resources", await this.aggregate("resources", ctx), params);
      case "resources/templates/list":
        return this.page("resourceTemplates", await this.aggregate("resourceTemplates", ctx), params);
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
    return this.pool.get(server, ctx.sessionId, call || server.isolated ? ctx.capabilities : undefined);
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
    const server = await this.ownerOfUri(uri, ctx);
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

  private requestOptions(params: Record<string, unknown>, ctx: AggregatorCallContext): RequestOptions {
    const meta = params._meta as { progressToken?: unknown } | undefined;
    const options: RequestOptions = { signal: ctx.signal };
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
    return this.connection(server, ctx, true).request(
      { method, params: upstreamParams },
      ResultSchema,
      this.requestOptions(params, ctx),
    );
  }

  private async forwardByUri(method: string, params: Record<string, unknown>, ctx: AggregatorCallContext) {
    const uri = params.uri;
    if (typeof uri !== "string") throw new AppError("INVALID_PARAMS", "resources/read needs a string uri");
    const server = await this.ownerOfUri(uri, ctx);
    if (!server)
      throw new AppError("INVALID_PARAMS", `Unknown resource "${uri}": no server of this namespace offers it`);
    return this.connection(server, ctx, true).request(
      { method, params },
      ResultSchema,
      this.requestOptions(params, ctx),
    );
  }

  private async complete(params: Record<string, unknown>, ctx: AggregatorCallContext) {
    const ref = params.ref as { type?: string; name?: string; uri?: string } | undefined;
    if (ref?.type === "ref/prompt") {
      const target = ref.name ? this.resolveName(ctx.route, ref.name, "prompt") : null;
      if (!target) throw new AppError("INVALID_PARAMS", `Unknown prompt "${String(ref.name)}"`);
      const upstreamParams = { ...params, ref: { ...ref, name: target.name } };
      return this.connection(target.server, ctx, true).request(
        { method: "completion/complete", params: upstreamParams },
        ResultSchema,
        {
          signal: ctx.signal,
        },
      );
    }
    if (ref?.type === "ref/resource" && typeof ref.uri === "string") {
      const server = await this.ownerOfUri(ref.uri, ctx);
      if (!server) throw new AppError("INVALID_PARAMS", `Unknown resource template "${ref.uri}"`);
      return this.connection(server, ctx, true).request({ method: "completion/complete", params }, ResultSchema, {
        signal: ctx.signal,
      });
    }
    throw new AppError("INVALID_PARAMS", "completion/complete needs a ref/prompt or ref/resource");
  }

  /** One server's full list (cached per connection); [] when it lacks the capability. */
  private async listOf(kind: ListKind, server: ServerConfig, ctx: AggregatorCallContext): Promise<Item[]> {
    const spec = LISTS[kind];
    const connection = this.connection(server, ctx);
    const client = await connection.getClient();
    if (!client.getServerCapabilities()?.[spec.capability]) return [];
    const items = await connection.list(kind, async (cursor) => {
      const result = (await connection.request(
        { method: spec.method, params: cursor ? { cursor } : {} },
        spec.schema,
      )) as Record<string, unknown> & { nextCursor?: string };
      return { items: (result[spec.field] as unknown[]) ?? [], nextCursor: result.nextCursor };
    });
    return items as Item[];
  }

  /** Every server's list, named as exposed; a failing server is left out (and logged) so the rest still work. */
  private async aggregate(
    kind: ListKind,
    ctx: AggregatorCallContext,
    visibleKind?: "tool" | "prompt",
  ): Promise<Item[]> {
    const servers = ctx.route.servers;
    const results = await Promise.allSettled(servers.map((server) => this.listOf(kind, server, ctx)));
    const out: Item[] = [];
    results.forEach((result, index) => {
      const server = servers[index]!;
      if (result.status === "rejected") {
        this.logger.warn("upstream list failed", { server: server.name, kind, error: errorMessage(result.reason) });
        return;
      }
      for (const item of result.value) {
        const virtual = ctx.route.virtual ? virtualItem(ctx.route.virtual, kind, server, item) : undefined;
        if (virtual === null) continue;
        const name = typeof item.name === "string" ? this.exposedName(ctx.route, server, item.name) : item.name;
        if (
          visibleKind &&
          typeof item.name === "string" &&
          ctx.visible &&
          !ctx.visible(visibleKind, prefixedName(server.name, item.name), server)
        )
          continue;
        out.push(virtual ?? { ...item, name });
      }
    });
    return out;
  }

  private async ownerOfUri(uri: string, ctx: AggregatorCallContext): Promise<ServerConfig | null> {
    if (ctx.route.virtual) return virtualResourceOwner(ctx.route.virtual, uri);
    const servers = ctx.route.servers;
    const lists = await Promise.allSettled(servers.map((server) => this.listOf("resources", server, ctx)));
    for (let i = 0; i < servers.length; i++) {
      const list = lists[i];
      if (list?.status === "fulfilled" && list.value.some((item) => item.uri === uri)) return servers[i]!;
    }
    const templates = await Promise.allSettled(servers.map((server) => this.listOf("resourceTemplates", server, ctx)));
    for (let i = 0; i < servers.length; i++) {
      const list = templates[i];
      if (list?.status !== "fulfilled") continue;
      const matches = list.value.some(
        (item) => typeof item.uriTemplate === "string" && new UriTemplate(item.uriTemplate).match(uri) !== null,
      );
      if (matches) return servers[i]!;
    }
    return null;
  }
}

/** The client's progress token means nothing upstream; the SDK client sets its own. */
function stripProgressToken(meta: unknown): Record<string, unknown> {
  const { progressToken: _ignored, ...rest } = (meta ?? {}) as Record<string, unknown>;
  return rest;
}
