// One health/discovery probe over an upstream connection: ping with the server's timeout, then
// initialize's serverInfo/capabilities and every advertised list (all pages). Lists go through the
// connection's cache (filled the same way the aggregator fills it), so a probe of a warm connection
// costs one ping, and the next tools/list of a client is served from what the probe fetched.
import {
  EmptyResultSchema,
  ListPromptsResultSchema,
  ListResourcesResultSchema,
  ListResourceTemplatesResultSchema,
  ListToolsResultSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { errorMessage } from "../../lib/logger.ts";
import type { ListKind, UpstreamConnection } from "../../mcp/upstreams/upstream-connection.ts";
import type { DiscoveredCapabilities, HealthReport } from "./model.ts";

const LISTS = {
  tools: { method: "tools/list", schema: ListToolsResultSchema, capability: "tools" },
  prompts: { method: "prompts/list", schema: ListPromptsResultSchema, capability: "prompts" },
  resources: { method: "resources/list", schema: ListResourcesResultSchema, capability: "resources" },
  resourceTemplates: {
    method: "resources/templates/list",
    schema: ListResourceTemplatesResultSchema,
    capability: "resources",
  },
} as const;

const KINDS = Object.keys(LISTS) as ListKind[];

/** Longest error text stored in last_error (stderr tails can be long). */
const MAX_ERROR_LENGTH = 2_000;

export function clipError(message: string): string {
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message;
}

/**
 * Probes one server. Unreachable / failing ping → unhealthy (with the cause); ping fine but an
 * advertised list failing → degraded (the failing lists are named); otherwise healthy.
 */
export async function probeServer(connection: UpstreamConnection): Promise<HealthReport> {
  const { config } = connection;
  const base = { serverId: config.id, orgId: config.orgId };
  const started = performance.now();
  try {
    await ping(connection);
  } catch (error) {
    return {
      ...base,
      status: "unhealthy",
      checkedAt: new Date(),
      error: clipError(errorMessage(error)),
      capabilities: null,
      serverInfo: null,
    };
  }
  const pingMs = Math.round(performance.now() - started);
  const client = await connection.getClient();
  const advertised = (client.getServerCapabilities() ?? {}) as Record<string, unknown>;
  const implementation = client.getServerVersion();
  const lists = await Promise.allSettled(
    KINDS.map((kind) => (advertised[LISTS[kind].capability] ? listAll(connection, kind) : Promise.resolve([]))),
  );
  const capabilities: DiscoveredCapabilities = {
    advertised,
    tools: [],
    prompts: [],
    resources: [],
    resourceTemplates: [],
  };
  const failures: string[] = [];
  lists.forEach((result, index) => {
    const kind = KINDS[index]!;
    if (result.status === "fulfilled") capabilities[kind] = result.value;
    else failures.push(`${LISTS[kind].method}: ${errorMessage(result.reason)}`);
  });
  return {
    ...base,
    status: failures.length > 0 ? "degraded" : "healthy",
    checkedAt: new Date(),
    error: failures.length > 0 ? clipError(failures.join("; ")) : null,
    capabilities,
    serverInfo: {
      name: implementation?.name ?? "",
      version: implementation?.version ?? "",
      ...(implementation?.title ? { title: implementation.title } : {}),
      ...(client.getInstructions() ? { instructions: client.getInstructions() } : {}),
      pingMs,
    },
  };
}

/**
 * Pings once more when the first ping dropped a stale upstream session (a restarted Streamable HTTP
 * server answers 404 to it; the connection then reconnects on its next request): the recovery probe
 * that follows a restart would otherwise write the server unhealthy although it is back.
 */
async function ping(connection: UpstreamConnection): Promise<void> {
  const wasConnected = connection.connected;
  try {
    await connection.request({ method: "ping" }, EmptyResultSchema);
  } catch (error) {
    if (!wasConnected || connection.connected) throw error;
    await connection.request({ method: "ping" }, EmptyResultSchema);
  }
}

function listAll(connection: UpstreamConnection, kind: ListKind): Promise<unknown[]> {
  const spec = LISTS[kind];
  return connection.list(kind, async (cursor) => {
    const result = (await connection.request(
      { method: spec.method, params: cursor ? { cursor } : {} },
      spec.schema,
    )) as Record<string, unknown> & { nextCursor?: string };
    return { items: (result[kind] as unknown[]) ?? [], nextCursor: result.nextCursor };
  });
}
