// Upstash (Redis over HTTPS) through @upstash/ratelimit's sliding window; one Ratelimit object per
// (limit, window) pair, created on first use and reused.
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import type { RateDecision, RateLimiter } from "./model.ts";

export class UpstashRateLimiter implements RateLimiter {
  readonly kind = "upstash" as const;
  private readonly redis: Redis;
  private readonly limiters = new Map<string, Ratelimit>();

  constructor(
    url: string,
    token: string,
    private readonly prefix = "omnimesh:rl",
  ) {
    this.redis = new Redis({ url, token });
  }

  async consume(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const id = `${limit}/${windowMs}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new Ratelimit({
        redis: this.redis,
        limiter: Ratelimit.slidingWindow(limit, `${windowMs} ms`),
        prefix: `${this.prefix}:${id}`,
      });
      this.limiters.set(id, limiter);
    }
    const result = await limiter.limit(key);
    return {
      allowed: result.success,
      remaining: result.remaining,
      retryAfterMs: result.success ? 0 : Math.max(1, result.reset - Date.now()),
    };
  }
}
