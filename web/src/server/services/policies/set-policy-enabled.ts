import "server-only";
import type { TActor } from "~/server/services/audit/record-audit";
import {
  setEnabledWithAudit,
  type TSetEnabledInput,
  ZSetEnabledInput,
} from "~/server/services/audit/set-enabled-with-audit";
import { policySelect, type TPolicy, toPolicy } from "./policy-select";

export const ZSetPolicyEnabledInput = ZSetEnabledInput;
export type TSetPolicyEnabledInput = TSetEnabledInput;

/** A disabled policy stays listed but the data plane no longer loads it. */
export async function setPolicyEnabled(orgId: string, actor: TActor, input: TSetPolicyEnabledInput): Promise<TPolicy> {
  return setEnabledWithAudit(orgId, actor, input, {
    label: "Policy",
    auditAction: "policy",
    auditTargetType: "policy",
    find: (tx, where) => tx.policy.findFirst({ where, select: { id: true, enabled: true } }),
    update: async (tx, id, enabled) =>
      toPolicy(await tx.policy.update({ where: { id }, data: { enabled }, select: policySelect })),
  });
}
