import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { orgSelect, type TOrg, ZOrgName } from "./org-select";

// Only the name: the slug is part of every data-plane URL, so changing it would break connected clients.
export const ZUpdateOrgInput = z.object({ name: ZOrgName });
export type TUpdateOrgInput = z.output<typeof ZUpdateOrgInput>;

export async function updateOrg(orgId: string, actor: TActor, input: TUpdateOrgInput): Promise<TOrg> {
  return db.$transaction(async (tx) => {
    const before = await tx.organization.findUnique({ where: { id: orgId }, select: orgSelect });
    if (!before) throw AppError.notFound("Organization");
    const after = await tx.organization.update({ where: { id: orgId }, data: { name: input.name }, select: orgSelect });
    await recordAudit(tx, {
      orgId,
      actor,
      action: "org.update",
      targetType: "organization",
      targetId: orgId,
      before,
      after,
    });
    return after;
  });
}
