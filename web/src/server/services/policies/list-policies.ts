import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { checkNamespace } from "./check-policy-references";
import { policyOrder, policySelect, type TPolicy, toPolicy } from "./policy-select";

export const ZListPoliciesInput = z.object({
  /** Only the policies that apply to this namespace (its own and the org-wide ones); all when absent. */
  namespaceId: ZObjectId.optional(),
});
export type TListPoliciesInput = z.output<typeof ZListPoliciesInput>;

const MAX_POLICIES = 1_000;

/** In evaluation order: the first enabled match decides. */
export async function listPolicies(orgId: string, input: TListPoliciesInput): Promise<TPolicy[]> {
  if (input.namespaceId) await checkNamespace(db, orgId, input.namespaceId);
  const rows = await db.policy.findMany({
    where: { orgId, ...(input.namespaceId ? { OR: [{ namespaceId: input.namespaceId }, { namespaceId: null }] } : {}) },
    orderBy: policyOrder,
    take: MAX_POLICIES,
    select: policySelect,
  });
  return rows.map(toPolicy);
}
