import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { rateLimitSelect, type TRateLimit } from "./rate-limit-select";

export const ZGetRateLimitInput = z.object({ id: ZObjectId });
export type TGetRateLimitInput = z.output<typeof ZGetRateLimitInput>;

/** Another org's rate limit is NOT_FOUND like a missing one. */
export async function getRateLimit(orgId: string, input: TGetRateLimitInput): Promise<TRateLimit> {
  const row = await db.rateLimit.findFirst({ where: { id: input.id, orgId }, select: rateLimitSelect });
  if (!row) throw AppError.notFound("Rate limit");
  return row;
}
