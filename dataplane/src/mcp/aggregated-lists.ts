// The list half of namespace aggregation: each server's full list (cached on its upstream
// connection), the merged list as a route exposes it (prefixed names, virtual renames, policy
// visibility), and which server owns a resource URI. Lists come from the shared connection of each
// server (they are the same for every client); see aggregator.ts for the rest.
import { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import {
  ListPromptsResultSchema,
  ListResourcesResultSchema,
  ListResourceTemplatesResultSchema,
  ListToolsResultSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { prefixedName } from "@omnimesh/db/names";
import { errorMessage, type Logger } from "../lib/logger.ts";
import type { NamespaceRoute, ServerConfig } from "../modules/routing/model.ts";
import type { AggregatorCallContext } from "./aggregator.ts";
import type { ListKind, UpstreamConnection } from "./upstreams/upstream-connection.ts";
import { virtualItem, virtualResourceOwner } from "./virtual-view.ts";

export type Item = Record<string, unknown> & { name?: string; uri?: string; uriTemplate?: string };

export const LISTS = {
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

/** The name a tool/prompt of `server` is exposed under on this route. */
export function exposedName(route: NamespaceRoute, server: ServerConfig, name: string): string {
  return route.singleServer ? name : prefixedName(server.name, name);
}

export class AggregatedLists {
  constructor(
    private readonly connectionFor: (server: ServerConfig, ctx: AggregatorCallContext) => UpstreamConnection,
    private readonly logger: Logger,
  ) {}

  /** One server's full list (cached per connection); [] when it lacks the capability. */
  private async listOf(kind: ListKind, server: ServerConfig, ctx: AggregatorCallContext): Promise<Item[]> {
    const spec = LISTS[kind];
    const connection = this.connectionFor(server, ctx);
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
  async aggregate(kind: ListKind, ctx: AggregatorCallContext, visibleKind?: "tool" | "prompt"): Promise<Item[]> {
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
        const name = typeof item.name === "string" ? exposedName(ctx.route, server, item.name) : item.name;
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

  async ownerOfUri(uri: string, ctx: AggregatorCallContext): Promise<ServerConfig | null> {
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
