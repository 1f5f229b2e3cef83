import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { policySelect, type TPolicy, toPolicy } from "./policy-select";

export const ZGetPolicyInput = z.object({ id: ZObjectId });
export type TGetPolicyInput = z.output<typeof ZGetPolicyInput>;

/** Another org's policy is NOT_FOUND like a missing one. */
export async function getPolicy(orgId: string, input: TGetPolicyInput): Promise<TPolicy> {
  const row = await db.policy.findFirst({ where: { id: input.id, orgId }, select: policySelect });
  if (!row) throw AppError.notFound("Policy");
  return toPolicy(row);
}
