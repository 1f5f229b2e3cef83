import "server-only";
import type { TActor } from "~/server/services/audit/record-audit";
import {
  setEnabledWithAudit,
  type TSetEnabledInput,
  ZSetEnabledInput,
} from "~/server/services/audit/set-enabled-with-audit";
import { rateLimitSelect, type TRateLimit } from "./rate-limit-select";

export const ZSetRateLimitEnabledInput = ZSetEnabledInput;
export type TSetRateLimitEnabledInput = TSetEnabledInput;

export async function setRateLimitEnabled(
  orgId: string,
  actor: TActor,
  input: TSetRateLimitEnabledInput,
): Promise<TRateLimit> {
  return setEnabledWithAudit(orgId, actor, input, {
    label: "Rate limit",
    auditAction: "rate_limit",
    auditTargetType: "rate_limit",
    find: (tx, where) => tx.rateLimit.findFirst({ where, select: { id: true, enabled: true } }),
    update: (tx, id, enabled) => tx.rateLimit.update({ where: { id }, data: { enabled }, select: rateLimitSelect }),
  });
}
