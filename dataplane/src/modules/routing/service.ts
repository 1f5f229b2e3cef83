// Namespace routing (org slug + namespace slug → namespace and its enabled servers), cached in
// memory and dropped on NOTIFY from organizations, namespaces and mcp_servers.
import { createHash } from "node:crypto";
import { decryptRecord } from "@omnimesh/db/crypto";
import type { DbPool } from "../../db/pool.ts";
import { CachedLoader } from "../../lib/cached-loader.ts";
import { errorMessage } from "../../lib/logger.ts";
import type { NamespaceRoute, RouteLookup, ServerConfig } from "./model.ts";

interface ServerRow {
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

export class NamespaceDirectory {
  readonly cache: CachedLoader<string, RouteLookup | null>;
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
  }

  resolve(orgSlug: string, namespaceSlug: string): RouteLookup | null | Promise<RouteLookup | null> {
    return this.cache.get(`${orgSlug}/${namespaceSlug}`);
  }

  /** Drops every cached route of an org (and every negative entry: the change may create a match). */
  invalidateOrg(orgId: string | null): void {
    if (orgId === null) this.cache.clear();
    else this.cache.invalidate((_key, lookup) => lookup === null || lookup.orgId === orgId);
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
      `select id, org_id, namespace_id, name, transport::text as transport, command, args, env_encrypted, url,
              headers_encrypted, timeout_ms, isolated
         from mcp_servers where namespace_id = $1 and enabled order by name`,
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

  private toConfig(row: ServerRow): ServerConfig {
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
