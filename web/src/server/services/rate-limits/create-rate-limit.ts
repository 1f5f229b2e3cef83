import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { checkNamespace } from "~/server/services/policies/check-policy-references";
import { checkRateLimitTarget } from "./check-rate-limit-target";
import {
  ZRateLimitLimit,
  ZRateLimitName,
  ZRateLimitNamespaceId,
  ZRateLimitScope,
  ZRateLimitTarget,
  ZRateLimitWindow,
} from "./rate-limit-input";
import { rateLimitSelect, type TRateLimit } from "./rate-limit-select";

export const ZCreateRateLimitInput = z.object({
  namespaceId: ZRateLimitNamespaceId.default(null),
  name: ZRateLimitName,
  scope: ZRateLimitScope,
  target: ZRateLimitTarget.default(null),
  limit: ZRateLimitLimit,
  windowSeconds: ZRateLimitWindow,
  enabled: z.boolean().default(true),
});
export type TCreateRateLimitInput = z.output<typeof ZCreateRateLimitInput>;

/** At most `limit` requests per `windowSeconds` per key of `scope`, from the data plane's next rules reload. */
export async function createRateLimit(orgId: string, actor: TActor, input: TCreateRateLimitInput): Promise<TRateLimit> {
  return db.$transaction(async (tx) => {
    await checkNamespace(tx, orgId, input.namespaceId);
    await checkRateLimitTarget(tx, orgId, input.scope, input.target);
    const rateLimit = await tx.rateLimit.create({
      // The zod schema strips unknown keys, so the input is exactly the rate limit's columns.
      data: { orgId, ...input },
      select: rateLimitSelect,
    });
    await recordAudit(tx, {
      orgId,
      actor,
      action: "rate_limit.create",
      targetType: "rate_limit",
      targetId: rateLimit.id,
      after: rateLimit,
    });
    return rateLimit;
  });
}
