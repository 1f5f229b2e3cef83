import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { checkNamespace } from "~/server/services/policies/check-policy-references";
import { rateLimitSelect, type TRateLimit } from "./rate-limit-select";

export const ZListRateLimitsInput = z.object({
  /** Only the limits that apply to this namespace (its own and the org-wide ones); all when absent. */
  namespaceId: ZObjectId.optional(),
});
export type TListRateLimitsInput = z.output<typeof ZListRateLimitsInput>;

const MAX_RATE_LIMITS = 1_000;

export async function listRateLimits(orgId: string, input: TListRateLimitsInput): Promise<TRateLimit[]> {
  if (input.namespaceId) await checkNamespace(db, orgId, input.namespaceId);
  return db.rateLimit.findMany({
    where: { orgId, ...(input.namespaceId ? { OR: [{ namespaceId: input.namespaceId }, { namespaceId: null }] } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: MAX_RATE_LIMITS,
    select: rateLimitSelect,
  });
}
