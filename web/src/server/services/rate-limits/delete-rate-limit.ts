import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { rateLimitSelect } from "./rate-limit-select";

export const ZDeleteRateLimitInput = z.object({ id: ZObjectId });
export type TDeleteRateLimitInput = z.output<typeof ZDeleteRateLimitInput>;

export async function deleteRateLimit(
  orgId: string,
  actor: TActor,
  input: TDeleteRateLimitInput,
): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const row = await tx.rateLimit.findFirst({ where: { id: input.id, orgId }, select: rateLimitSelect });
    if (!row) throw AppError.notFound("Rate limit");
    await tx.rateLimit.delete({ where: { id: row.id }, select: { id: true } });
    await recordAudit(tx, {
      orgId,
      actor,
      action: "rate_limit.delete",
      targetType: "rate_limit",
      targetId: row.id,
      before: row,
    });
    return { id: row.id };
  });
}
