// Picks the rate-limit backend from the environment and turns rules into counter keys.
import type { TEnv } from "../../env.ts";
import { matchesGlob } from "../../lib/glob.ts";
import type { RateLimitRule } from "../policies/model.ts";
import { MemoryRateLimiter } from "./memory-limiter.ts";
import type { RateLimiter } from "./model.ts";
import { RedisRateLimiter } from "./redis-limiter.ts";
import { UpstashRateLimiter } from "./upstash-limiter.ts";

export function createRateLimiter(
  env: Pick<TEnv, "REDIS_URL" | "REDIS_KEY_PREFIX" | "UPSTASH_REDIS_REST_URL" | "UPSTASH_REDIS_REST_TOKEN">,
): RateLimiter {
  if (env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN) {
    return new UpstashRateLimiter(
      env.UPSTASH_REDIS_REST_URL,
      env.UPSTASH_REDIS_REST_TOKEN,
      `${env.REDIS_KEY_PREFIX}:rl`,
    );
  }
  if (env.REDIS_URL) return new RedisRateLimiter(env.REDIS_URL, `${env.REDIS_KEY_PREFIX}:rl`);
  return new MemoryRateLimiter();
}

export interface RateSubject {
  orgId: string;
  namespaceId: string;
  apiKeyId: string | null;
  userId: string | null;
  clientIp: string | null;
  method: string;
  toolName: string | null;
}

/** The counter key a rule applies to for this call, or null when the rule does not apply. */
export function rateLimitKey(rule: RateLimitRule, subject: RateSubject): string | null {
  if (rule.namespaceId !== null && rule.namespaceId !== subject.namespaceId) return null;
  const target = rule.target;
  switch (rule.scope) {
    case "org":
      return `org:${subject.orgId}:${rule.id}`;
    case "namespace":
      return `ns:${subject.namespaceId}:${rule.id}`;
    case "api_key":
      if (!subject.apiKeyId || (target && target !== subject.apiKeyId)) return null;
      return `key:${subject.apiKeyId}:${rule.id}`;
    case "user":
      if (!subject.userId || (target && target !== subject.userId)) return null;
      return `user:${subject.userId}:${rule.id}`;
    case "ip":
      if (!subject.clientIp || (target && target !== subject.clientIp)) return null;
      return `ip:${subject.clientIp}:${rule.id}`;
    case "tool":
      if (subject.method !== "tools/call" || !subject.toolName) return null;
      if (target && !matchesGlob(subject.toolName, target)) return null;
      return `tool:${subject.namespaceId}:${subject.toolName}:${rule.id}`;
  }
}
