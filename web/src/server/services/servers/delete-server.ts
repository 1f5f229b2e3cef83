import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { serverSelect, toServer } from "./server-select";

export const ZDeleteServerInput = z.object({ id: ZObjectId });
export type TDeleteServerInput = z.output<typeof ZDeleteServerInput>;

export async function deleteServer(orgId: string, actor: TActor, input: TDeleteServerInput): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const row = await tx.mcpServer.findFirst({ where: { id: input.id, orgId }, select: serverSelect });
    if (!row) throw AppError.notFound("Server");
    await tx.mcpServer.delete({ where: { id: row.id }, select: { id: true } });
    await recordAudit(tx, {
      orgId,
      actor,
      action: "server.delete",
      targetType: "mcp_server",
      targetId: row.id,
      before: toServer(row),
    });
    return { id: row.id };
  });
}
