import "server-only";
import { encryptRecord } from "@omnimesh/db/crypto";
import { z } from "zod";
import { env } from "~/env";
import { db } from "~/server/db";
import { AppError, isUniqueViolation } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { ZArgs, ZCommand, ZEnvVars, ZHeaders, ZHttpUrl, ZServerName, ZTimeoutMs, ZWsUrl } from "./server-input";
import { serverSelect, type TServer, toDbTransport, toServer } from "./server-select";

const base = {
  namespaceId: ZObjectId,
  name: ZServerName,
  description: z.string().trim().max(1_000).default(""),
  enabled: z.boolean().default(true),
  timeoutMs: ZTimeoutMs.optional(),
  isolated: z.boolean().default(false),
};

export const ZCreateServerInput = z.discriminatedUnion("transport", [
  z.object({
    ...base,
    transport: z.literal("stdio"),
    command: ZCommand,
    args: ZArgs.default([]),
    env: ZEnvVars.default({}),
  }),
  z.object({ ...base, transport: z.literal("streamable-http"), url: ZHttpUrl, headers: ZHeaders.default({}) }),
  z.object({ ...base, transport: z.literal("sse"), url: ZHttpUrl, headers: ZHeaders.default({}) }),
  z.object({ ...base, transport: z.literal("websocket"), url: ZWsUrl, headers: ZHeaders.default({}) }),
]);
export type TCreateServerInput = z.output<typeof ZCreateServerInput>;

export function serverNameTaken(name: string): AppError {
  return new AppError("CONFLICT", `A server named "${name}" already exists in this namespace`, {
    fields: { name: "This name is already used in the namespace" },
  });
}

/** Registers an upstream MCP server in a namespace of the org; env vars and headers are sealed before storage. */
export async function createServer(orgId: string, actor: TActor, input: TCreateServerInput): Promise<TServer> {
  const key = env.OMNIMESH_ENCRYPTION_KEY;
  const transportFields =
    input.transport === "stdio"
      ? { command: input.command, args: input.args, envEncrypted: encryptRecord(input.env, key) }
      : { url: input.url, headersEncrypted: encryptRecord(input.headers, key) };
  try {
    return await db.$transaction(async (tx) => {
      const namespace = await tx.namespace.findFirst({ where: { id: input.namespaceId, orgId }, select: { id: true } });
      if (!namespace) throw AppError.notFound("Namespace");
      const server = toServer(
        await tx.mcpServer.create({
          data: {
            orgId,
            namespaceId: namespace.id,
            name: input.name,
            description: input.description,
            transport: toDbTransport(input.transport),
            enabled: input.enabled,
            isolated: input.isolated,
            ...(input.timeoutMs === undefined ? {} : { timeoutMs: input.timeoutMs }),
            ...transportFields,
          },
          select: serverSelect,
        }),
      );
      await recordAudit(tx, {
        orgId,
        actor,
        action: "server.create",
        targetType: "mcp_server",
        targetId: server.id,
        after: server,
      });
      return server;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw serverNameTaken(input.name);
    throw error;
  }
}
