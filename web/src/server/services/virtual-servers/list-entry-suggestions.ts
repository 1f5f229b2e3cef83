import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";

export const ZListEntrySuggestionsInput = z.object({ namespaceId: ZObjectId });
export type TListEntrySuggestionsInput = z.output<typeof ZListEntrySuggestionsInput>;

export interface TEntrySuggestions {
  serverId: string;
  serverName: string;
  enabled: boolean;
  tools: string[];
  prompts: string[];
  /** URIs and URI templates. */
  resources: string[];
}

function namesOf(list: unknown, field: "name" | "uri" | "uriTemplate"): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    if (typeof item === "string") return [item];
    const value = typeof item === "object" && item !== null ? (item as Record<string, unknown>)[field] : undefined;
    return typeof value === "string" ? [value] : [];
  });
}

/**
 * What the entry form can offer per server of a namespace. The control plane never talks MCP to
 * upstreams, so this only knows what `mcp_servers.capabilities` holds when something has recorded an
 * upstream's lists there ({ tools: [{ name }], prompts: [{ name }], resources: [{ uri }],
 * resourceTemplates: [{ uriTemplate }] }); otherwise the lists are empty and users type the names.
 */
export async function listEntrySuggestions(
  orgId: string,
  input: TListEntrySuggestionsInput,
): Promise<TEntrySuggestions[]> {
  const namespace = await db.namespace.findFirst({ where: { id: input.namespaceId, orgId }, select: { id: true } });
  if (!namespace) throw AppError.notFound("Namespace");
  const servers = await db.mcpServer.findMany({
    where: { orgId, namespaceId: namespace.id },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, enabled: true, capabilities: true },
  });
  return servers.map((server) => {
    const known = (
      typeof server.capabilities === "object" && server.capabilities !== null ? server.capabilities : {}
    ) as Record<string, unknown>;
    return {
      serverId: server.id,
      serverName: server.name,
      enabled: server.enabled,
      tools: namesOf(known.tools, "name"),
      prompts: namesOf(known.prompts, "name"),
      resources: [...namesOf(known.resources, "uri"), ...namesOf(known.resourceTemplates, "uriTemplate")],
    };
  });
}
