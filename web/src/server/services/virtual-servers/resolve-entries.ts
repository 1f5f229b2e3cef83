import "server-only";
import type { TDb } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import type { TVirtualEntryInput } from "./virtual-server-input";
import { effectiveEntryName } from "./virtual-server-select";

export interface TEntryData {
  serverId: string;
  kind: TVirtualEntryInput["kind"];
  sourceName: string;
  exposedName: string | null;
  description: string | null;
}

/**
 * Checks entries against the namespace: every server must be one of its servers (same org and
 * namespace; anything else reads as "no such server", whoever owns it), and no two entries may be
 * exposed under the same name (tools, prompts) or URI (resources). Errors name the entry's field.
 */
export async function resolveEntries(
  tx: TDb,
  orgId: string,
  namespaceId: string,
  entries: TVirtualEntryInput[],
): Promise<TEntryData[]> {
  const serverIds = [...new Set(entries.map((entry) => entry.serverId))];
  const servers = await tx.mcpServer.findMany({
    where: { id: { in: serverIds }, orgId, namespaceId },
    select: { id: true, name: true },
  });
  const names = new Map(servers.map((server) => [server.id, server.name]));
  const fields: Record<string, string> = {};
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const serverName = names.get(entry.serverId);
    if (serverName === undefined) {
      fields[`entries.${index}.serverId`] = "No such server in this namespace";
      return;
    }
    const exposed =
      entry.kind === "resource"
        ? entry.sourceName
        : effectiveEntryName(entry.kind, serverName, entry.sourceName, entry.exposedName);
    const key = `${entry.kind}:${exposed}`;
    const first = seen.get(key);
    if (first !== undefined) {
      const field = entry.kind === "resource" || !entry.exposedName ? "sourceName" : "exposedName";
      fields[`entries.${index}.${field}`] =
        entry.kind === "resource"
          ? `Resource ${exposed} is already entry ${first + 1}`
          : `The ${entry.kind} name "${exposed}" is already used by entry ${first + 1}`;
      return;
    }
    seen.set(key, index);
  });
  if (Object.keys(fields).length > 0) {
    const described = Object.entries(fields).map(([field, message]) => `${field} (${message})`);
    throw new AppError("VALIDATION_ERROR", `Invalid input: ${described.join(", ")}`, { fields });
  }
  return entries.map((entry) => ({
    serverId: entry.serverId,
    kind: entry.kind,
    sourceName: entry.sourceName,
    exposedName: entry.exposedName,
    description: entry.description,
  }));
}
