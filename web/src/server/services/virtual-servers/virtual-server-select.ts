import "server-only";
import type { Prisma } from "@omnimesh/db/client";
import { prefixedName } from "@omnimesh/db/names";
import { env } from "~/env";
import type { TEntryKind } from "./virtual-server-input";

export const virtualServerSelect = {
  id: true,
  namespaceId: true,
  name: true,
  description: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
  entries: {
    select: {
      id: true,
      serverId: true,
      kind: true,
      sourceName: true,
      exposedName: true,
      description: true,
      server: { select: { name: true } },
    },
    orderBy: [{ kind: "asc" }, { sourceName: "asc" }, { id: "asc" }],
  },
} satisfies Prisma.VirtualServerSelect;

export type TVirtualServerRow = Prisma.VirtualServerGetPayload<{ select: typeof virtualServerSelect }>;

export interface TVirtualEntry {
  id: string;
  serverId: string;
  serverName: string;
  kind: TEntryKind;
  sourceName: string;
  exposedName: string | null;
  description: string | null;
  /** The name clients see: the exposed name, else "<server>__<name>" (tools, prompts) or the URI (resources). */
  effectiveName: string;
}

export interface TVirtualServer {
  id: string;
  namespaceId: string;
  name: string;
  description: string;
  enabled: boolean;
  /** The data-plane URL MCP clients connect to. */
  endpointUrl: string;
  entries: TVirtualEntry[];
  createdAt: Date;
  updatedAt: Date;
}

/** The name the data plane exposes an entry under (see dataplane/src/modules/routing/virtual-route.ts). */
export function effectiveEntryName(
  kind: TEntryKind,
  serverName: string,
  sourceName: string,
  exposedName: string | null,
): string {
  if (exposedName) return exposedName;
  return kind === "resource" ? sourceName : prefixedName(serverName, sourceName);
}

export function virtualEndpointUrl(id: string): string {
  return `${env.OMNIMESH_DATAPLANE_URL.replace(/\/+$/, "")}/virtual/${id}/mcp`;
}

export function toVirtualServer(row: TVirtualServerRow): TVirtualServer {
  const { entries, ...rest } = row;
  return {
    ...rest,
    endpointUrl: virtualEndpointUrl(row.id),
    entries: entries.map(({ server, ...entry }) => ({
      ...entry,
      serverName: server.name,
      effectiveName: effectiveEntryName(entry.kind, server.name, entry.sourceName, entry.exposedName),
    })),
  };
}
