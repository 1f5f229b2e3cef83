// Sliding window approximated with two fixed windows (the previous window's count weighted by how
// much of it still overlaps): O(1) memory per key, the same algorithm the Redis backend runs.
import type { RateDecision, RateLimiter } from "./model.ts";

interface Bucket {
  windowStart: number;
  current: number;
  previous: number;
}

export class MemoryRateLimiter implements RateLimiter {
  readonly kind = "memory" as const;
  private readonly buckets = new Map<string, Bucket>();
  private sweeps = 0;

  constructor(private readonly now: () => number = Date.now) {}

  consume(key: string, limit: number, windowMs: number): RateDecision {
    const now = this.now();
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const mapKey = `${key}|${windowMs}`;
    let bucket = this.buckets.get(mapKey);
    if (!bucket) {
      bucket = { windowStart, current: 0, previous: 0 };
      this.buckets.set(mapKey, bucket);
    } else if (bucket.windowStart !== windowStart) {
      bucket.previous = bucket.windowStart === windowStart - windowMs ? bucket.current : 0;
      bucket.current = 0;
      bucket.windowStart = windowStart;
    }
    const overlap = 1 - (now - windowStart) / windowMs;
    const used = bucket.previous * overlap + bucket.current;
    if (++this.sweeps % 10_000 === 0) this.sweep(now);
    if (used + 1 > limit) {
      // Time until the weighted previous window has decayed enough for one more request.
      const retryAfterMs =
        bucket.previous > 0 && bucket.current < limit
          ? Math.ceil(((used + 1 - limit) / bucket.previous) * windowMs)
          : windowStart + windowMs - now;
      return { allowed: false, remaining: 0, retryAfterMs: Math.max(1, retryAfterMs) };
    }
    bucket.current++;
    return { allowed: true, remaining: Math.max(0, Math.floor(limit - used - 1)), retryAfterMs: 0 };
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const windowMs = Number(key.slice(key.lastIndexOf("|") + 1));
      if (bucket.windowStart + 2 * windowMs < now) this.buckets.delete(key);
    }
  }
}
