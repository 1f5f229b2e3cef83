// Namespace routing (org slug + namespace slug → namespace and its enabled servers), cached in
// memory and dropped on NOTIFY from organizations, namespaces and mcp_servers. Server ids (the
// per-server endpoint) resolve through a second cache to a route holding only that server, and
// virtual server ids through a third one (see virtual-route.ts).
import { createHash } from "node:crypto";
import { decryptRecord } from "@omnimesh/db/crypto";
import type { DbPool } from "../../db/pool.ts";
import { CachedLoader } from "../../lib/cached-loader.ts";
import { errorMessage } from "../../lib/logger.ts";
import type { NamespaceRoute, RouteLookup, ServerConfig } from "./model.ts";
import { type ServerRow, serverRowColumns } from "./server-row.ts";
import { loadVirtualRoute } from "./virtual-route.ts";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class NamespaceDirectory {
  readonly cache: CachedLoader<string, RouteLookup | null>;
  /** Server id → its namespace route narrowed to that one (enabled) server. */
  readonly serverCache: CachedLoader<string, RouteLookup | null>;
  /** Virtual server id → a route exposing only its entries. */
  readonly virtualCache: CachedLoader<string, RouteLookup | null>;
  private readonly defaultTimeoutMs: number;

  constructor(
    private readonly pool: DbPool,
    private readonly encryptionKey: string,
    options: { ttlMs: number; strict: () => boolean; defaultTimeoutMs: number },
  ) {
    this.defaultTimeoutMs = options.defaultTimeoutMs;
    this.cache = new CachedLoader((key) => this.load(key), {
      ttlMs: options.ttlMs,
      negativeTtlMs: 5_000,
      strict: options.strict,
    });
    this.serverCache = new CachedLoader((id) => this.loadServer(id), {
      ttlMs: options.ttlMs,
      negativeTtlMs: 5_000,
      strict: options.strict,
    });
    this.virtualCache = new CachedLoader((id) => loadVirtualRoute(this.pool, id, (row) => this.toConfig(row)), {
      ttlMs: options.ttlMs,
      negativeTtlMs: 5_000,
      strict: options.strict,
    });
  }

  resolve(orgSlug: string, namespaceSlug: string): RouteLookup | null | Promise<RouteLookup | null> {
    return this.cache.get(`${orgSlug}/${namespaceSlug}`);
  }

  /**
   * The route of /servers/:serverId: only that server, enabled, in its namespace. Ids that are not
   * UUIDs resolve to null without a query. Never says which org an unknown id belongs to.
   */
  resolveServer(serverId: string): RouteLookup | null | Promise<RouteLookup | null> {
    if (!UUID_RE.test(serverId)) return null;
    return this.serverCache.get(serverId);
  }

  /**
   * The route of /virtual/:virtualServerId: only that virtual server's entries, from enabled servers.
   * A disabled or unknown virtual server, or an id that is not a UUID, resolves to null.
   */
  resolveVirtual(virtualServerId: string): RouteLookup | null | Promise<RouteLookup | null> {
    if (!UUID_RE.test(virtualServerId)) return null;
    return this.virtualCache.get(virtualServerId);
  }

  /** Entry rows carry no org id, only their virtual server's (the parent_id of the notification). */
  invalidateVirtual(virtualServerId: string | null): void {
    if (virtualServerId === null) this.virtualCache.clear();
    else this.virtualCache.delete(virtualServerId);
  }

  /** Drops every cached route of an org (and every negative entry: the change may create a match). */
  invalidateOrg(orgId: string | null): void {
    for (const cache of [this.cache, this.serverCache, this.virtualCache]) {
      if (orgId === null) cache.clear();
      else cache.invalidate((_key, lookup) => lookup === null || lookup.orgId === orgId);
    }
  }

  private async load(key: string): Promise<RouteLookup | null> {
    const [orgSlug = "", namespaceSlug = ""] = key.split("/");
    const { rows } = await this.pool.query<{ org_id: string; ns_id: string | null; ns_slug: string; ns_name: string }>(
      `select o.id as org_id, n.id as ns_id, n.slug as ns_slug, n.name as ns_name
         from organizations o left join namespaces n on n.org_id = o.id and n.slug = $2
        where o.slug = $1`,
      [orgSlug, namespaceSlug],
    );
    const row = rows[0];
    if (!row) return null;
    if (!row.ns_id) return { orgId: row.org_id, route: null };
    const servers = await this.pool.query<ServerRow>(
      `select ${serverRowColumns()} from mcp_servers where namespace_id = $1 and enabled order by name`,
      [row.ns_id],
    );
    const configs = servers.rows.map((server) => this.toConfig(server));
    const route: NamespaceRoute = {
      orgId: row.org_id,
      orgSlug,
      namespaceId: row.ns_id,
      namespaceSlug: row.ns_slug,
      namespaceName: row.ns_name,
      servers: configs,
      serversByName: new Map(configs.map((config) => [config.name, config])),
    };
    return { orgId: row.org_id, route };
  }

  private async loadServer(serverId: string): Promise<RouteLookup | null> {
    const { rows } = await this.pool.query<ServerRow & { org_slug: string; ns_slug: string; ns_name: string }>(
      `select ${serverRowColumns("s")}, o.slug as org_slug, n.slug as ns_slug, n.name as ns_name
         from mcp_servers s
         join namespaces n on n.id = s.namespace_id and n.org_id = s.org_id
         join organizations o on o.id = s.org_id
        where s.id = $1 and s.enabled`,
      [serverId],
    );
    const row = rows[0];
    if (!row) return null;
    const config = this.toConfig(row);
    const route: NamespaceRoute = {
      orgId: row.org_id,
      orgSlug: row.org_slug,
      namespaceId: row.namespace_id,
      namespaceSlug: row.ns_slug,
      namespaceName: row.ns_name,
      servers: [config],
      serversByName: new Map([[config.name, config]]),
      singleServer: config,
    };
    return { orgId: row.org_id, route };
  }

  /** A row as the data plane runs it (secrets decrypted, fingerprint); also used by discovery. */
  toConfig(row: ServerRow): ServerConfig {
    let env: Record<string, string> = {};
    let headers: Record<string, string> = {};
    let configError: string | null = null;
    try {
      env = decryptRecord(row.env_encrypted, this.encryptionKey);
      headers = decryptRecord(row.headers_encrypted, this.encryptionKey);
    } catch (error) {
      configError = `secrets could not be decrypted (${errorMessage(error)})`;
    }
    const fingerprint = createHash("sha256")
      .update(
        JSON.stringify([
          row.transport,
          row.command,
          row.args,
          row.env_encrypted,
          row.url,
          row.headers_encrypted,
          row.timeout_ms,
          row.isolated,
        ]),
      )
      .digest("base64url");
    return {
      id: row.id,
      orgId: row.org_id,
      namespaceId: row.namespace_id,
      name: row.name,
      transport: row.transport,
      command: row.command,
      args: row.args,
      env,
      url: row.url,
      headers,
      // UPSTREAM_TIMEOUT_MS applies to rows without a usable timeout of their own.
      timeoutMs: row.timeout_ms > 0 ? row.timeout_ms : this.defaultTimeoutMs,
      isolated: row.isolated,
      fingerprint,
      configError,
    };
  }
}
