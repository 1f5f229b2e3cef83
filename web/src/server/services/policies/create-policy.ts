import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
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

export const ZCreatePolicyInput = z.object({
  namespaceId: ZPolicyNamespaceId.default(null),
  name: ZPolicyName,
  description: ZPolicyDescription.default(""),
  effect: ZPolicyEffect,
  priority: ZPolicyPriority.default(100),
  enabled: z.boolean().default(true),
  conditions: ZPolicyConditionsField.default({}),
});
export type TCreatePolicyInput = z.output<typeof ZCreatePolicyInput>;

/** Adds an allow/deny rule the data plane applies from its next rules reload (a change notification). */
export async function createPolicy(orgId: string, actor: TActor, input: TCreatePolicyInput): Promise<TPolicy> {
  return db.$transaction(async (tx) => {
    await checkNamespace(tx, orgId, input.namespaceId);
    await checkApiKeyIds(tx, orgId, input.conditions);
    const policy = toPolicy(
      await tx.policy.create({
        // The zod schema strips unknown keys, so the input is exactly the policy's columns.
        data: { orgId, ...input },
        select: policySelect,
      }),
    );
    await recordAudit(tx, {
      orgId,
      actor,
      action: "policy.create",
      targetType: "policy",
      targetId: policy.id,
      after: policy,
    });
    return policy;
  });
}
