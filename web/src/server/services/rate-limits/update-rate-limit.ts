import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
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

/** Absent fields stay as they are; the resulting scope and target are checked together. */
export const ZUpdateRateLimitInput = z.object({
  id: ZObjectId,
  namespaceId: ZRateLimitNamespaceId.optional(),
  name: ZRateLimitName.optional(),
  scope: ZRateLimitScope.optional(),
  target: ZRateLimitTarget.optional(),
  limit: ZRateLimitLimit.optional(),
  windowSeconds: ZRateLimitWindow.optional(),
  enabled: z.boolean().optional(),
});
export type TUpdateRateLimitInput = z.output<typeof ZUpdateRateLimitInput>;

export async function updateRateLimit(orgId: string, actor: TActor, input: TUpdateRateLimitInput): Promise<TRateLimit> {
  // The zod schema strips unknown keys, so the rest is exactly the columns to change (undefined: unchanged).
  const { id, ...changes } = input;
  return db.$transaction(async (tx) => {
    const before = await tx.rateLimit.findFirst({ where: { id, orgId }, select: rateLimitSelect });
    if (!before) throw AppError.notFound("Rate limit");
    if (input.namespaceId !== undefined) await checkNamespace(tx, orgId, input.namespaceId);
    const scope = input.scope ?? before.scope;
    const target = input.target !== undefined ? input.target : before.target;
    if (input.scope !== undefined || input.target !== undefined) await checkRateLimitTarget(tx, orgId, scope, target);
    const after = await tx.rateLimit.update({
      where: { id: before.id },
      data: changes,
      select: rateLimitSelect,
    });
    await recordAudit(tx, {
      orgId,
      actor,
      action: "rate_limit.update",
      targetType: "rate_limit",
      targetId: before.id,
      before,
      after,
    });
    return after;
  });
}
