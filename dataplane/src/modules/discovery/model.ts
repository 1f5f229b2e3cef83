// What one discovery probe learns about an upstream server, as written to its mcp_servers row.

export type HealthStatus = "unknown" | "healthy" | "degraded" | "unhealthy";

/**
 * `mcp_servers.capabilities`: the lists the upstream serves (each item as the upstream sent it:
 * name, description, inputSchema, …) plus what it advertised in `initialize` under `advertised`
 * (kept apart because MCP's own `capabilities.tools` is an object, not a list). The web's entry
 * suggestions read `tools[].name`, `prompts[].name`, `resources[].uri`, `resourceTemplates[].uriTemplate`.
 */
export interface DiscoveredCapabilities {
  advertised: Record<string, unknown>;
  tools: unknown[];
  prompts: unknown[];
  resources: unknown[];
  resourceTemplates: unknown[];
}

/** `mcp_servers.server_info`: the upstream's implementation info from `initialize`. */
export interface DiscoveredServerInfo {
  name: string;
  version: string;
  title?: string;
  instructions?: string;
  /** Round trip of the discovery ping, in milliseconds. */
  pingMs: number;
}

export interface HealthReport {
  serverId: string;
  orgId: string;
  status: HealthStatus;
  checkedAt: Date;
  error: string | null;
  /** null keeps what the row holds (a failing server keeps its last known lists). */
  capabilities: DiscoveredCapabilities | null;
  serverInfo: DiscoveredServerInfo | null;
}
