// Rate-limit link: every rule that applies to the call consumes one unit of its sliding window.
import { AppError } from "../../lib/app-error.ts";
import type { RulesDirectory } from "../../modules/policies/service.ts";
import type { RateLimiter } from "../../modules/rate-limits/model.ts";
import { rateLimitKey } from "../../modules/rate-limits/service.ts";
import type { McpLink } from "../chain.ts";
import { isRequest } from "../chain.ts";
import { rulesFor } from "./rules.ts";

export function createRateLimitLink(directory: RulesDirectory, limiter: RateLimiter): McpLink {
  return async (call, next) => {
    if (!isRequest(call)) return next();
    const { rateLimits } = await rulesFor(call, directory);
    for (const rule of rateLimits) {
      const key = rateLimitKey(rule, {
        orgId: call.route.orgId,
        namespaceId: call.route.namespaceId,
        apiKeyId: call.principal.apiKeyId,
        userId: call.principal.userId,
        clientIp: call.clientIp,
        method: call.method,
        toolName: call.toolName,
      });
      if (key === null) continue;
      const decision = await limiter.consume(key, rule.limit, rule.windowSeconds * 1000);
      if (!decision.allowed) {
        const retryAfter = Math.ceil(decision.retryAfterMs / 1000);
        throw new AppError(
          "RATE_LIMITED",
          `Rate limit "${rule.name}" exceeded: ${rule.limit} requests per ${rule.windowSeconds} s; retry in ${retryAfter} s`,
          { data: { rateLimitId: rule.id, retryAfterSeconds: retryAfter } },
        );
      }
    }
    return next();
  };
}
