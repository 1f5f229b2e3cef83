import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { serverSelect, type TServer, toServer } from "./server-select";

export const ZSetServerEnabledInput = z.object({ id: ZObjectId, enabled: z.boolean() });
export type TSetServerEnabledInput = z.output<typeof ZSetServerEnabledInput>;

export async function setServerEnabled(orgId: string, actor: TActor, input: TSetServerEnabledInput): Promise<TServer> {
  return db.$transaction(async (tx) => {
    const found = await tx.mcpServer.findFirst({ where: { id: input.id, orgId }, select: { id: true, enabled: true } });
    if (!found) throw AppError.notFound("Server");
    const server = toServer(
      await tx.mcpServer.update({ where: { id: found.id }, data: { enabled: input.enabled }, select: serverSelect }),
    );
    await recordAudit(tx, {
      orgId,
      actor,
      action: input.enabled ? "server.enable" : "server.disable",
      targetType: "mcp_server",
      targetId: found.id,
      before: { enabled: found.enabled },
      after: { enabled: input.enabled },
    });
    return server;
  });
}
