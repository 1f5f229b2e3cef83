// The URL families every client transport is served under, as (prefix, resolve) pairs: a namespace
// (/ns/:org/:ns), one server (/servers/:id), a virtual server (/virtual/:id), and the root for a key
// scoped to exactly one namespace (its namespace is resolved from the key).

import type { DbPool } from "../../db/pool.ts";
import { AppError } from "../../lib/app-error.ts";
import { CachedLoader } from "../../lib/cached-loader.ts";
import type { ApiKeyRecord } from "../auth/model.ts";
import type { NamespaceDirectory } from "../routing/service.ts";
import type { Endpoint } from "./edge.ts";

export interface EndpointFamily {
  /** Elysia path prefix, with its params ("" for the root). */
  prefix: string;
  /** Shown in errors: how to spell the family's URLs. */
  endpoint(params: Record<string, string>): Endpoint;
}

/** Namespace id → its org and namespace slugs, for the root paths (dropped on namespace changes). */
export class RootNamespaces {
  private readonly slugs: CachedLoader<string, { orgSlug: string; namespaceSlug: string } | null>;

  constructor(pool: DbPool, options: { ttlMs: number; strict: () => boolean }) {
    this.slugs = new CachedLoader(
      async (namespaceId) => {
        const { rows } = await pool.query<{ org_slug: string; ns_slug: string }>(
          `select o.slug as org_slug, n.slug as ns_slug
             from namespaces n join organizations o on o.id = n.org_id where n.id = $1`,
          [namespaceId],
        );
        const row = rows[0];
        return row ? { orgSlug: row.org_slug, namespaceSlug: row.ns_slug } : null;
      },
      { ttlMs: options.ttlMs, negativeTtlMs: 5_000, strict: options.strict },
    );
  }

  get(namespaceId: string) {
    return this.slugs.get(namespaceId);
  }

  /** Slugs change with organizations and namespaces rows. */
  invalidate(): void {
    this.slugs.clear();
  }
}

export function endpointFamilies(directory: NamespaceDirectory, roots: RootNamespaces): EndpointFamily[] {
  return [
    {
      prefix: "/ns/:orgSlug/:namespaceSlug",
      endpoint: ({ orgSlug = "", namespaceSlug = "" }) => ({
        resolve: () => directory.resolve(orgSlug, namespaceSlug),
        notFoundMessage: `Namespace "${orgSlug}/${namespaceSlug}" not found`,
      }),
    },
    {
      prefix: "/servers/:serverId",
      endpoint: ({ serverId = "" }) => ({
        resolve: () => directory.resolveServer(serverId),
        notFoundMessage: `Server "${serverId}" not found`,
      }),
    },
    {
      prefix: "/virtual/:virtualServerId",
      endpoint: ({ virtualServerId = "" }) => ({
        resolve: () => directory.resolveVirtual(virtualServerId),
        notFoundMessage: `Virtual server "${virtualServerId}" not found`,
      }),
    },
    {
      prefix: "",
      endpoint: () => ({
        afterAuth: true,
        resolve: (key) => resolveRoot(key!, directory, roots),
        notFoundMessage: "The API key's namespace was not found",
      }),
    },
  ];
}

async function resolveRoot(key: ApiKeyRecord, directory: NamespaceDirectory, roots: RootNamespaces) {
  if (key.namespaceIds.length !== 1) {
    throw new AppError(
      "BAD_REQUEST",
      "Bad Request: root paths serve only API keys scoped to exactly one namespace; " +
        "use /ns/{org}/{namespace}/… (or /servers/{serverId}/…, /virtual/{virtualServerId}/…)",
    );
  }
  const slugs = await roots.get(key.namespaceIds[0]!);
  return slugs ? directory.resolve(slugs.orgSlug, slugs.namespaceSlug) : null;
}
