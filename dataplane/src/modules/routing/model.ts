/** An upstream MCP server as the data plane runs it: secrets already decrypted. */
export interface ServerConfig {
  id: string;
  orgId: string;
  namespaceId: string;
  name: string;
  transport: "stdio" | "streamable-http" | "sse" | "websocket";
  command: string | null;
  args: string[];
  env: Record<string, string>;
  url: string | null;
  headers: Record<string, string>;
  timeoutMs: number;
  isolated: boolean;
  /** Changes whenever anything that affects the upstream connection changes. */
  fingerprint: string;
  /** Set when the row cannot be run (e.g. secrets that do not decrypt); calls fail with it. */
  configError: string | null;
}

export interface NamespaceRoute {
  orgId: string;
  orgSlug: string;
  namespaceId: string;
  namespaceSlug: string;
  namespaceName: string;
  /** Enabled servers, sorted by name (the order aggregation and collisions follow). */
  servers: ServerConfig[];
  serversByName: Map<string, ServerConfig>;
  /**
   * Set for the per-server endpoint (/servers/:id/mcp): the route holds only this server, and its
   * tools, prompts and resources are exposed under their original names (no "<server>__" prefix).
   */
  singleServer?: ServerConfig;
  /**
   * Set for a virtual server (/virtual/:id/mcp): only its entries are exposed, under their exposed
   * names; `servers` then holds just the enabled servers those entries come from.
   */
  virtual?: VirtualView;
}

export type VirtualEntryKind = "tool" | "resource" | "prompt";

/** One upstream item a virtual server exposes. */
export interface VirtualEntry {
  kind: VirtualEntryKind;
  server: ServerConfig;
  /** The upstream's own name (tool, prompt) or URI / URI template (resource). */
  sourceName: string;
  /**
   * Tools and prompts: the name clients call. Resources: the listed name (the URI stays verbatim);
   * null keeps the upstream name, prefixed as on the namespace endpoint.
   */
  exposedName: string | null;
  /** Replaces the upstream description when set. */
  description: string | null;
}

export interface VirtualView {
  id: string;
  name: string;
  description: string;
  /** Exposed name → entry. */
  tools: Map<string, VirtualEntry>;
  prompts: Map<string, VirtualEntry>;
  /** Source URI (or URI template) → entry. */
  resources: Map<string, VirtualEntry>;
  /** `virtualEntryKey(kind, serverId, sourceName)` → entry, to map upstream lists onto entries. */
  bySource: Map<string, VirtualEntry>;
}

export function virtualEntryKey(kind: VirtualEntryKind, serverId: string, sourceName: string): string {
  return `${kind}\u0000${serverId}\u0000${sourceName}`;
}

/** The result of resolving /ns/:org/:ns (or /servers/:id): the org may exist without the namespace. */
export interface RouteLookup {
  orgId: string;
  route: NamespaceRoute | null;
}
