// Loads the route of one virtual server: its namespace, the enabled servers its entries come from,
// and the entries indexed for the aggregator (exposed name → entry, upstream item → entry).
import { prefixedName } from "@omnimesh/db/names";
import type { DbPool } from "../../db/pool.ts";
import {
  type NamespaceRoute,
  type RouteLookup,
  type ServerConfig,
  type VirtualEntry,
  type VirtualEntryKind,
  type VirtualView,
  virtualEntryKey,
} from "./model.ts";
import { type ServerRow, serverRowColumns } from "./server-row.ts";

interface VirtualRow {
  id: string;
  org_id: string;
  namespace_id: string;
  name: string;
  description: string;
  org_slug: string;
  ns_slug: string;
  ns_name: string;
}

interface EntryRow extends ServerRow {
  kind: VirtualEntryKind;
  source_name: string;
  exposed_name: string | null;
  entry_description: string | null;
}

/** null for an unknown or disabled virtual server (the edge answers 404 either way). */
export async function loadVirtualRoute(
  pool: DbPool,
  virtualServerId: string,
  toConfig: (row: ServerRow) => ServerConfig,
): Promise<RouteLookup | null> {
  const { rows } = await pool.query<VirtualRow>(
    `select v.id, v.org_id, v.namespace_id, v.name, v.description,
            o.slug as org_slug, n.slug as ns_slug, n.name as ns_name
       from virtual_servers v
       join namespaces n on n.id = v.namespace_id and n.org_id = v.org_id
       join organizations o on o.id = v.org_id
      where v.id = $1 and v.enabled`,
    [virtualServerId],
  );
  const row = rows[0];
  if (!row) return null;
  // Entries of disabled servers, or of servers that somehow sit in another namespace, are left out.
  const entries = await pool.query<EntryRow>(
    `select ${serverRowColumns("s")},
            e.kind::text as kind, e.source_name, e.exposed_name, e.description as entry_description
       from virtual_server_entries e
       join mcp_servers s on s.id = e.server_id and s.namespace_id = $2 and s.org_id = $3 and s.enabled
      where e.virtual_server_id = $1
      order by s.name, e.kind, e.source_name`,
    [row.id, row.namespace_id, row.org_id],
  );
  const configs = new Map<string, ServerConfig>();
  const view: VirtualView = {
    id: row.id,
    name: row.name,
    description: row.description,
    tools: new Map(),
    prompts: new Map(),
    resources: new Map(),
    bySource: new Map(),
  };
  for (const entryRow of entries.rows) {
    let server = configs.get(entryRow.id);
    if (!server) {
      server = toConfig(entryRow);
      configs.set(server.id, server);
    }
    const entry: VirtualEntry = {
      kind: entryRow.kind,
      server,
      sourceName: entryRow.source_name,
      exposedName:
        entryRow.exposed_name ??
        (entryRow.kind === "resource" ? null : prefixedName(server.name, entryRow.source_name)),
      description: entryRow.entry_description,
    };
    const byExposed = entry.kind === "tool" ? view.tools : entry.kind === "prompt" ? view.prompts : view.resources;
    const key = entry.kind === "resource" ? entry.sourceName : entry.exposedName!;
    // The control plane keeps exposed names unique; should two rows still collide, the first wins
    // (and the other is neither listed nor callable).
    if (byExposed.has(key)) continue;
    byExposed.set(key, entry);
    view.bySource.set(virtualEntryKey(entry.kind, server.id, entry.sourceName), entry);
  }
  // Rows come ordered by server name: the order the namespace endpoint aggregates in.
  const servers = [...configs.values()];
  const route: NamespaceRoute = {
    orgId: row.org_id,
    orgSlug: row.org_slug,
    namespaceId: row.namespace_id,
    namespaceSlug: row.ns_slug,
    namespaceName: row.ns_name,
    servers,
    serversByName: new Map(servers.map((server) => [server.name, server])),
    virtual: view,
  };
  return { orgId: row.org_id, route };
}
