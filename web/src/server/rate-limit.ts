import "server-only";
import Redis from "ioredis";
import { env } from "~/env";

// Fixed-window counters: Redis when REDIS_URL is set (shared by every web process), else process memory.

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window resets. */
  retryAfter: number;
}

const memory = new Map<string, { count: number; resetAt: number }>();
let redis: Redis | null | undefined;

function redisClient(): Redis | null {
  if (redis === undefined) {
    redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: false }) : null;
    redis?.on("error", () => {}); // a Redis outage degrades to the memory counters below
  }
  return redis;
}

function hitMemory(key: string, windowMs: number, now: number): { count: number; resetAt: number } {
  const entry = memory.get(key);
  if (entry && entry.resetAt > now) {
    entry.count += 1;
    return entry;
  }
  if (memory.size > 10_000) for (const [k, v] of memory) if (v.resetAt <= now) memory.delete(k);
  const fresh = { count: 1, resetAt: now + windowMs };
  memory.set(key, fresh);
  return fresh;
}

/**
 * The client once it is usable. A fresh client is still connecting on its first calls: waiting briefly
 * for it keeps those counts in Redis instead of splitting them between memory and Redis.
 */
async function readyRedis(): Promise<Redis | null> {
  const client = redisClient();
  if (!client || client.status === "ready") return client;
  if (client.status !== "connecting" && client.status !== "connect" && client.status !== "wait") return null;
  const ready = await new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      client.off("ready", onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), 1_000);
    client.once("ready", onReady);
  });
  return ready ? client : null;
}

/** Counts one attempt against `key`; allowed while at most `limit` attempts fall in the window. */
export async function rateLimit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
  const now = Date.now();
  const windowMs = windowSeconds * 1000;
  const client = await readyRedis();
  let count: number;
  let resetAt: number;
  try {
    if (client?.status !== "ready") throw new Error("redis unavailable");
    const redisKey = `${env.REDIS_KEY_PREFIX}:rl:${key}`;
    const [[, incr], [, ttl]] = (await client.multi().incr(redisKey).pttl(redisKey).exec()) as [
      [unknown, number],
      [unknown, number],
    ];
    if (ttl < 0) await client.pexpire(redisKey, windowMs);
    count = incr;
    resetAt = now + (ttl > 0 ? ttl : windowMs);
  } catch {
    ({ count, resetAt } = hitMemory(key, windowMs, now));
  }
  return { allowed: count <= limit, retryAfter: Math.max(1, Math.ceil((resetAt - now) / 1000)) };
}
