import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { checkApiKeyIds, checkNamespace } from "./check-policy-references";
import {
  ZPolicyConditionsField,
  ZPolicyDescription,
  ZPolicyEffect,
  ZPolicyName,
  ZPolicyNamespaceId,
  ZPolicyPriority,
} from "./policy-input";
import { policySelect, type TPolicy, toPolicy } from "./policy-select";

/** Absent fields stay as they are; `conditions`, when given, replaces all matchers. */
export const ZUpdatePolicyInput = z.object({
  id: ZObjectId,
  namespaceId: ZPolicyNamespaceId.optional(),
  name: ZPolicyName.optional(),
  description: ZPolicyDescription.optional(),
  effect: ZPolicyEffect.optional(),
  priority: ZPolicyPriority.optional(),
  enabled: z.boolean().optional(),
  conditions: ZPolicyConditionsField.optional(),
});
export type TUpdatePolicyInput = z.output<typeof ZUpdatePolicyInput>;

export async function updatePolicy(orgId: string, actor: TActor, input: TUpdatePolicyInput): Promise<TPolicy> {
  // The zod schema strips unknown keys, so the rest is exactly the columns to change (undefined: unchanged).
  const { id, ...changes } = input;
  return db.$transaction(async (tx) => {
    const row = await tx.policy.findFirst({ where: { id, orgId }, select: policySelect });
    if (!row) throw AppError.notFound("Policy");
    if (input.namespaceId !== undefined) await checkNamespace(tx, orgId, input.namespaceId);
    if (input.conditions) await checkApiKeyIds(tx, orgId, input.conditions);
    const after = toPolicy(
      await tx.policy.update({
        where: { id: row.id },
        data: changes,
        select: policySelect,
      }),
    );
    await recordAudit(tx, {
      orgId,
      actor,
      action: "policy.update",
      targetType: "policy",
      targetId: row.id,
      before: toPolicy(row),
      after,
    });
    return after;
  });
}
