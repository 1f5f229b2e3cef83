export interface RateDecision {
  allowed: boolean;
  remaining: number;
  /** Milliseconds until a request would be allowed again (0 when allowed). */
  retryAfterMs: number;
}

/** A sliding-window counter store. Implementations: memory, Redis (ioredis), Upstash. */
export interface RateLimiter {
  readonly kind: "memory" | "redis" | "upstash";
  consume(key: string, limit: number, windowMs: number): RateDecision | Promise<RateDecision>;
  close?(): Promise<void>;
}
