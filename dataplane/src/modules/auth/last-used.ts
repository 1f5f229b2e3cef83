// api_keys.last_used_at / last_used_ip are bumped off the request path: uses are remembered in memory
// and written at most once per key per interval, in one statement. The api_keys trigger ignores
// these columns, so the bump does not flush our own cache.
import type { DbPool } from "../../db/pool.ts";
import { errorMessage, type Logger } from "../../lib/logger.ts";

export class LastUsedTracker {
  private pending = new Map<string, { at: Date; ip: string | null }>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly pool: DbPool,
    private readonly logger: Logger,
    private readonly intervalMs = 30_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref?.();
  }

  touch(apiKeyId: string, ip: string | null): void {
    // JWT callers carry `jwt:<userId>` as their credential id: there is no api_keys row to bump.
    if (apiKeyId.startsWith("jwt:")) return;
    this.pending.set(apiKeyId, { at: new Date(), ip });
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const ids = [...batch.keys()];
    const ats = ids.map((id) => batch.get(id)!.at.toISOString());
    const ips = ids.map((id) => batch.get(id)!.ip);
    try {
      await this.pool.query(
        `update api_keys as k set last_used_at = u.at, last_used_ip = coalesce(u.ip, k.last_used_ip)
           from unnest($1::text[], $2::timestamptz[], $3::text[]) as u(id, at, ip) where k.id = u.id`,
        [ids, ats, ips],
      );
    } catch (error) {
      this.logger.warn("could not record api key use", { error: errorMessage(error) });
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}
