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
}

/** The result of resolving /ns/:org/:ns (or /servers/:id): the org may exist without the namespace. */
export interface RouteLookup {
  orgId: string;
  route: NamespaceRoute | null;
}
