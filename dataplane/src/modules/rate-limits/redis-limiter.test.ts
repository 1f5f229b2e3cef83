// The Redis backend against a real Redis; runs only when REDIS_URL is set.
import { afterAll, describe, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import { RedisRateLimiter } from "./redis-limiter.ts";

const url = process.env.REDIS_URL;
if (!url) console.log("[skip] redis-limiter.test.ts: REDIS_URL is not set, Redis rate-limit tests skipped");

const limiter = url ? new RedisRateLimiter(url, `omnimesh:test:${randomUUID()}`) : null;
afterAll(async () => limiter?.close());

describe.skipIf(!url)("RedisRateLimiter (sliding window in Redis)", () => {
  test("allows `limit` per window then denies, per key", async () => {
    const key = randomUUID();
    const results: boolean[] = [];
    for (let i = 0; i < 4; i++) results.push((await limiter!.consume(key, 3, 60_000)).allowed);
    expect(results).toEqual([true, true, true, false]);
    const denied = await limiter!.consume(key, 3, 60_000);
    expect(denied.allowed).toBe(false);
    expect(denied.retryAfterMs).toBeGreaterThan(0);
    expect((await limiter!.consume(randomUUID(), 3, 60_000)).remaining).toBe(2);
  });

  test("two limiters sharing Redis share the counters (replicas)", async () => {
    const key = randomUUID();
    const second = new RedisRateLimiter(url!, (limiter as unknown as { prefix: string }).prefix);
    expect((await limiter!.consume(key, 2, 60_000)).allowed).toBe(true);
    expect((await second.consume(key, 2, 60_000)).allowed).toBe(true);
    expect((await limiter!.consume(key, 2, 60_000)).allowed).toBe(false);
    await second.close();
  });
});
