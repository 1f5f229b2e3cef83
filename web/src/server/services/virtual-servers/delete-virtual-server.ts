import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { toVirtualServer, virtualServerSelect } from "./virtual-server-select";

export const ZDeleteVirtualServerInput = z.object({ id: ZObjectId });
export type TDeleteVirtualServerInput = z.output<typeof ZDeleteVirtualServerInput>;

export async function deleteVirtualServer(
  orgId: string,
  actor: TActor,
  input: TDeleteVirtualServerInput,
): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const row = await tx.virtualServer.findFirst({ where: { id: input.id, orgId }, select: virtualServerSelect });
    if (!row) throw AppError.notFound("Virtual server");
    await tx.virtualServer.delete({ where: { id: row.id }, select: { id: true } });
    await recordAudit(tx, {
      orgId,
      actor,
      action: "virtual_server.delete",
      targetType: "virtual_server",
      targetId: row.id,
      before: toVirtualServer(row),
    });
    return { id: row.id };
  });
}
