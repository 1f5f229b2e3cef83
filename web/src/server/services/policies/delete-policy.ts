import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { policySelect, toPolicy } from "./policy-select";

export const ZDeletePolicyInput = z.object({ id: ZObjectId });
export type TDeletePolicyInput = z.output<typeof ZDeletePolicyInput>;

export async function deletePolicy(orgId: string, actor: TActor, input: TDeletePolicyInput): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const row = await tx.policy.findFirst({ where: { id: input.id, orgId }, select: policySelect });
    if (!row) throw AppError.notFound("Policy");
    await tx.policy.delete({ where: { id: row.id }, select: { id: true } });
    await recordAudit(tx, {
      orgId,
      actor,
      action: "policy.delete",
      targetType: "policy",
      targetId: row.id,
      before: toPolicy(row),
    });
    return { id: row.id };
  });
}
