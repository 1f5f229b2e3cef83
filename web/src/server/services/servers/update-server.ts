import "server-only";
import type { Prisma } from "@omnimesh/db/client";
import { encryptRecord } from "@omnimesh/db/crypto";
import { z } from "zod";
import { env } from "~/env";
import { db } from "~/server/db";
import { AppError, isUniqueViolation } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { serverNameTaken } from "./create-server";
import { ZArgs, ZCommand, ZEnvVars, ZHeaders, ZServerName, ZTimeoutMs } from "./server-input";
import { serverSelect, type TServer, toServer } from "./server-select";

/** Absent fields stay as they are; `env` / `headers`, when given, replace the whole sealed set. */
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
});
export type TUpdateServerInput = z.output<typeof ZUpdateServerInput>;

const STDIO_ONLY = ["command", "args", "env"] as const;
const URL_ONLY = ["url", "headers"] as const;

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

      const key = env.OMNIMESH_ENCRYPTION_KEY;
      const data: Prisma.McpServerUpdateInput = {
        name: input.name,
        description: input.description,
        enabled: input.enabled,
        timeoutMs: input.timeoutMs,
        isolated: input.isolated,
        command: input.command,
        args: input.args,
        url: input.url,
        ...(input.env === undefined ? {} : { envEncrypted: encryptRecord(input.env, key) }),
        ...(input.headers === undefined ? {} : { headersEncrypted: encryptRecord(input.headers, key) }),
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
