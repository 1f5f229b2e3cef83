// The same two-window sliding counter as the memory backend, run atomically in Redis with one
// EVALSHA per check, so every data plane replica shares the limits.
import Redis from "ioredis";
import type { RateDecision, RateLimiter } from "./model.ts";

// KEYS[1] current window key, KEYS[2] previous window key; ARGV: limit, windowMs, elapsedMs.
const SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local elapsed = tonumber(ARGV[3])
local used = previous * (1 - elapsed / window) + current
if used + 1 > limit then
  return {0, 0, math.ceil(window - elapsed)}
end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], window * 2 + 1000)
return {1, math.floor(limit - used - 1), 0}
`;

export class RedisRateLimiter implements RateLimiter {
  readonly kind = "redis" as const;
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix = "omnimesh:rl",
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false });
    this.redis.defineCommand("omnimeshSlidingWindow", { numberOfKeys: 2, lua: SCRIPT });
    this.redis.on("error", () => {});
  }

  async consume(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const now = Date.now();
    const windowIndex = Math.floor(now / windowMs);
    const base = `${this.prefix}:${windowMs}:${key}`;
    const run = (this.redis as unknown as Record<string, (...args: unknown[]) => Promise<[number, number, number]>>)
      .omnimeshSlidingWindow;
    const [allowed, remaining, retryAfterMs] = await run!.call(
      this.redis,
      `${base}:${windowIndex}`,
      `${base}:${windowIndex - 1}`,
      limit,
      windowMs,
      now - windowIndex * windowMs,
    );
    return { allowed: allowed === 1, remaining, retryAfterMs };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
