import "server-only";
import type { Prisma } from "@omnimesh/db/client";
import { decryptRecord, encryptRecord } from "@omnimesh/db/crypto";
import { z } from "zod";
import { env } from "~/env";
import { db } from "~/server/db";
import { AppError, isUniqueViolation } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { serverNameTaken } from "./create-server";
import {
  ZArgs,
  ZCommand,
  ZEnvChanges,
  ZEnvVars,
  ZHeaderChanges,
  ZHeaders,
  ZServerName,
  ZTimeoutMs,
} from "./server-input";
import { serverSelect, type TServer, toServer } from "./server-select";

/**
 * Absent fields stay as they are. `env` / `headers`, when given, replace the whole sealed set;
 * `envChanges` / `headerChanges` edit it by name instead (a value sets, null removes, names not
 * mentioned keep their secret) — what an edit form that never sees the values needs.
 */
export const ZUpdateServerInput = z.object({
  id: ZObjectId,
  name: ZServerName.optional(),
  description: z.string().trim().max(1_000).optional(),
  enabled: z.boolean().optional(),
  timeoutMs: ZTimeoutMs.optional(),
  isolated: z.boolean().optional(),
  command: ZCommand.optional(),
  args: ZArgs.optional(),
  env: ZEnvVars.optional(),
  url: z.url({ protocol: /^(https?|wss?)$/, error: "Enter an http(s):// or ws(s):// URL" }).optional(),
  headers: ZHeaders.optional(),
  envChanges: ZEnvChanges.optional(),
  headerChanges: ZHeaderChanges.optional(),
});
export type TUpdateServerInput = z.output<typeof ZUpdateServerInput>;

const STDIO_ONLY = ["command", "args", "env", "envChanges"] as const;
const URL_ONLY = ["url", "headers", "headerChanges"] as const;

/** The sealed set after `changes`; VALIDATION_ERROR when it cannot be read or grows past the limit. */
function applyChanges(
  sealed: string | null,
  changes: Record<string, string | null>,
  key: string,
  field: "envChanges" | "headerChanges",
): Record<string, string> {
  let current: Record<string, string>;
  try {
    current = decryptRecord(sealed, key);
  } catch {
    throw new AppError("VALIDATION_ERROR", `Invalid input: ${field}`, {
      fields: { [field]: "The stored values cannot be read; replace the whole set instead" },
    });
  }
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) delete current[name];
    else current[name] = value;
  }
  const limit = field === "envChanges" ? ZEnvVars : ZHeaders;
  const checked = limit.safeParse(current);
  if (!checked.success) {
    throw new AppError("VALIDATION_ERROR", `Invalid input: ${field}`, {
      fields: { [field]: checked.error.issues[0]?.message ?? "Invalid" },
    });
  }
  return checked.data;
}

export async function updateServer(orgId: string, actor: TActor, input: TUpdateServerInput): Promise<TServer> {
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.mcpServer.findFirst({ where: { id: input.id, orgId }, select: serverSelect });
      if (!row) throw AppError.notFound("Server");
      const stdio = row.transport === "stdio";
      const misplaced = (stdio ? URL_ONLY : STDIO_ONLY).filter((field) => input[field] !== undefined);
      if (misplaced.length > 0) {
        const fields = Object.fromEntries(misplaced.map((field) => [field, `Not used by ${row.transport} servers`]));
        throw new AppError("VALIDATION_ERROR", `Invalid input: ${misplaced.join(", ")}`, { fields });
      }
      if (input.url !== undefined && (row.transport === "websocket") !== /^wss?:/.test(input.url)) {
        throw new AppError("VALIDATION_ERROR", "Invalid input: url", {
          fields: { url: row.transport === "websocket" ? "Enter a ws:// or wss:// URL" : "Enter an http(s):// URL" },
        });
      }

      for (const [whole, partial] of [
        ["env", "envChanges"],
        ["headers", "headerChanges"],
      ] as const) {
        if (input[whole] !== undefined && input[partial] !== undefined) {
          throw new AppError("VALIDATION_ERROR", `Invalid input: ${partial}`, {
            fields: { [partial]: `Give either ${whole} or ${partial}, not both` },
          });
        }
      }

      const key = env.OMNIMESH_ENCRYPTION_KEY;
      const envValues = input.envChanges
        ? applyChanges(row.envEncrypted, input.envChanges, key, "envChanges")
        : input.env;
      const headerValues = input.headerChanges
        ? applyChanges(row.headersEncrypted, input.headerChanges, key, "headerChanges")
        : input.headers;
      const data: Prisma.McpServerUpdateInput = {
        name: input.name,
        description: input.description,
        enabled: input.enabled,
        timeoutMs: input.timeoutMs,
        isolated: input.isolated,
        command: input.command,
        args: input.args,
        url: input.url,
        ...(envValues === undefined ? {} : { envEncrypted: encryptRecord(envValues, key) }),
        ...(headerValues === undefined ? {} : { headersEncrypted: encryptRecord(headerValues, key) }),
      };
      const after = toServer(await tx.mcpServer.update({ where: { id: row.id }, data, select: serverSelect }));
      await recordAudit(tx, {
        orgId,
        actor,
        action: "server.update",
        targetType: "mcp_server",
        targetId: row.id,
        before: toServer(row),
        after,
      });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error) && input.name) throw serverNameTaken(input.name);
    throw error;
  }
}
