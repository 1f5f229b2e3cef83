// An mcp_servers row as the data plane reads it to build a ServerConfig, and the select list that
// reads it, shared by every such query (routes, virtual routes, discovery).
import type { ServerConfig } from "./model.ts";

export interface ServerRow {
  id: string;
  org_id: string;
  namespace_id: string;
  name: string;
  transport: ServerConfig["transport"];
  command: string | null;
  args: string[];
  env_encrypted: string | null;
  url: string | null;
  headers_encrypted: string | null;
  timeout_ms: number;
  isolated: boolean;
}

/**
 * The mcp_servers columns of a ServerRow, for the select list of every query that builds a server
 * config (routes, virtual routes, discovery); `table` is the alias of mcp_servers in that query.
 */
export function serverRowColumns(table?: string): string {
  const col = (name: string) => (table ? `${table}.${name}` : name);
  return [
    col("id"),
    col("org_id"),
    col("namespace_id"),
    col("name"),
    `${col("transport")}::text as transport`,
    col("command"),
    col("args"),
    col("env_encrypted"),
    col("url"),
    col("headers_encrypted"),
    col("timeout_ms"),
    col("isolated"),
  ].join(", ");
}
