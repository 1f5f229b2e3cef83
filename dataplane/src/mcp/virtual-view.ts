// What a virtual server (/virtual/:id/mcp) shows of its upstreams: only its entries, under their
// exposed names and descriptions. The aggregator still does the listing and forwarding; these helpers
// filter and rename upstream items and map exposed names and URIs back to (server, upstream name).
import { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import { prefixedName } from "@omnimesh/db/names";
import { type ServerConfig, type VirtualEntry, type VirtualView, virtualEntryKey } from "../modules/routing/model.ts";
import type { ListKind } from "./upstreams/upstream-connection.ts";

type Item = Record<string, unknown> & { name?: string; uri?: string; uriTemplate?: string };

/** An exposed tool/prompt name → its upstream and the upstream's own name; null when not an entry. */
export function virtualTarget(
  view: VirtualView,
  exposed: string,
  kind?: "tool" | "prompt",
): { server: ServerConfig; name: string } | null {
  // Without a kind (callers that only know a name), tools win over prompts of the same name.
  const entry =
    kind === "prompt"
      ? view.prompts.get(exposed)
      : kind === "tool"
        ? view.tools.get(exposed)
        : (view.tools.get(exposed) ?? view.prompts.get(exposed));
  return entry ? { server: entry.server, name: entry.sourceName } : null;
}

/** The item as the virtual server lists it, or null when it is not one of its entries. */
export function virtualItem(view: VirtualView, kind: ListKind, server: ServerConfig, item: Item): Item | null {
  const source = kind === "resources" ? item.uri : kind === "resourceTemplates" ? item.uriTemplate : item.name;
  if (typeof source !== "string") return null;
  const entryKind = kind === "tools" ? "tool" : kind === "prompts" ? "prompt" : "resource";
  const entry = view.bySource.get(virtualEntryKey(entryKind, server.id, source));
  if (!entry) return null;
  const name = entry.exposedName ?? (typeof item.name === "string" ? prefixedName(server.name, item.name) : item.name);
  return { ...item, name, ...(entry.description !== null ? { description: entry.description } : {}) };
}

const templates = new WeakMap<VirtualEntry, UriTemplate | null>();

function templateOf(entry: VirtualEntry): UriTemplate | null {
  let template = templates.get(entry);
  if (template === undefined) {
    try {
      template = entry.sourceName.includes("{") ? new UriTemplate(entry.sourceName) : null;
    } catch {
      template = null;
    }
    templates.set(entry, template);
  }
  return template;
}

/**
 * The server a resources/read (or resource completion) of `uri` goes to: the entry with exactly that
 * URI, else the first resource-template entry that matches it; null when no entry covers the URI.
 */
export function virtualResourceOwner(view: VirtualView, uri: string): ServerConfig | null {
  const exact = view.resources.get(uri);
  if (exact) return exact.server;
  for (const entry of view.resources.values()) {
    if (templateOf(entry)?.match(uri)) return entry.server;
  }
  return null;
}
