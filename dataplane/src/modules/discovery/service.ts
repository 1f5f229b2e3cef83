// The discovery loop: every DISCOVERY_INTERVAL_MS one replica (advisory lock) reads every enabled
// server of every org in one query, probes each over the shared upstream connection real traffic
// uses (so no extra process per stdio server; isolated servers get a short-lived connection closed
// right after), never-checked servers first, and writes the reports in batched UPDATEs as they come
// in (so dead servers never hold back the others). Connection failures and recoveries seen during
// real traffic are written too, debounced and batched, never on the request path.
import type { DbPool } from "../../db/pool.ts";
import { errorMessage, type Logger } from "../../lib/logger.ts";
import { UpstreamConnection, type UpstreamDeps } from "../../mcp/upstreams/upstream-connection.ts";
import type { UpstreamPool } from "../../mcp/upstreams/upstream-pool.ts";
import type { ServerConfig } from "../routing/model.ts";
import type { ServerRow } from "../routing/server-row.ts";
import type { HealthReport } from "./model.ts";
import { clipError, probeServer } from "./probe.ts";
import { loadStaleServers, withSweepLock, writeReports } from "./store.ts";

export interface DiscoveryDeps {
  pool: DbPool;
  upstreams: UpstreamPool;
  /** Row → config exactly as routing builds it (same fingerprint, hence the same shared connection). */
  toConfig: (row: ServerRow) => ServerConfig;
  /** For the short-lived connections of isolated servers: no health hook, they are not real traffic. */
  upstreamDeps: UpstreamDeps;
  logger: Logger;
}

export interface DiscoveryOptions {
  /** Milliseconds between sweeps; 0 disables the loop (events from real traffic are still written). */
  intervalMs: number;
  /** Start stdio servers no client has used yet (one shared process each). Otherwise they are skipped. */
  startIdle: boolean;
  /** Probes running at once. */
  concurrency?: number;
  /** Delay that gathers connection events before they are written. */
  debounceMs?: number;
}

export interface SweepResult {
  probed: number;
  skipped: number;
  written: number;
  durationMs: number;
}

export class DiscoveryService {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;
  private readonly pending = new Map<string, { connection: UpstreamConnection; error: string | null }>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> | null = null;
  /** Servers the running sweep probes: their connection events are its own, not news. */
  private readonly sweeping = new Set<string>();

  constructor(
    private readonly deps: DiscoveryDeps,
    readonly options: DiscoveryOptions,
  ) {}

  start(): void {
    this.stopped = false;
    if (this.options.intervalMs > 0) this.schedule(Math.min(1_000, this.options.intervalMs));
  }

  /**
   * Stops the loop and writes pending events. A sweep in flight finishes without writing (its probes
   * fail once the upstreams close, which says nothing about the servers); `settled` waits for it.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  async settled(): Promise<void> {
    await this.running?.catch(() => {});
  }

  /**
   * One sweep. Returns null when another replica holds the lock. `staleAfterMs` skips servers checked
   * more recently than that (default: half the interval); `orgIds` narrows an on-demand check.
   */
  sweep(options: { staleAfterMs?: number; orgIds?: string[] } = {}): Promise<SweepResult | null> {
    const staleAfterMs = options.staleAfterMs ?? this.options.intervalMs / 2;
    const run = withSweepLock(this.deps.pool, async (client) => {
      const started = Date.now();
      const rows = await loadStaleServers(client, staleAfterMs, options.orgIds ?? null);
      for (const row of rows) this.sweeping.add(row.id);
      const done: HealthReport[] = [];
      let unwritten: HealthReport[] = [];
      let written = 0;
      let lastWrite = Date.now();
      let writing = Promise.resolve();
      // Reports are written as they come in (every 25, or once a second), one statement at a time on
      // the lock's connection: a few slow or dead servers never hold back the state of all the others.
      const writeSome = () => {
        const batch = unwritten;
        unwritten = [];
        lastWrite = Date.now();
        writing = writing.then(async () => {
          if (!this.stopped) written += await writeReports(client, batch);
        });
        return writing;
      };
      try {
        await mapLimited(rows, this.options.concurrency ?? 8, async (row) => {
          const report = await this.probeRow(row).catch(
            (error): HealthReport => failed(row.id, row.org_id, errorMessage(error)),
          );
          if (report === null) return;
          done.push(report);
          unwritten.push(report);
          if (unwritten.length >= 25 || Date.now() - lastWrite >= 1_000) await writeSome();
        });
        await writeSome();
      } finally {
        this.sweeping.clear();
      }
      return { probed: done.length, skipped: rows.length - done.length, written, durationMs: Date.now() - started };
    });
    this.running = run;
    return run;
  }

  /**
   * Hook for upstream connections (UpstreamDeps.onHealth): `error` null means (re)connected. Written
   * after `debounceMs`, the last event of a server winning; a recovery gets a full probe.
   */
  onUpstreamHealth(connection: UpstreamConnection, error: string | null): void {
    if (this.stopped || this.sweeping.has(connection.config.id)) return;
    this.pending.set(connection.config.id, { connection, error });
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => void this.flush(), this.options.debounceMs ?? 1_000);
    this.flushTimer.unref?.();
  }

  /** Writes the gathered connection events now. */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    await this.flushing;
    if (this.pending.size === 0) return;
    const events = [...this.pending.values()];
    this.pending.clear();
    this.flushing = (async () => {
      const reports = await Promise.all(
        events.map(({ connection, error }): Promise<HealthReport> | HealthReport =>
          error === null ? probeServer(connection) : failed(connection.config.id, connection.config.orgId, error),
        ),
      );
      await writeReports(this.deps.pool, reports);
    })().catch((error) => this.deps.logger.warn("health write failed", { error: errorMessage(error) }));
    await this.flushing;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      try {
        const result = await this.sweep();
        if (result) this.deps.logger.debug("discovery sweep", { ...result });
      } catch (error) {
        this.deps.logger.warn("discovery sweep failed", { error: errorMessage(error) });
      }
      this.schedule(this.options.intervalMs);
    }, delayMs);
    this.timer.unref?.();
  }

  private async probeRow(row: ServerRow): Promise<HealthReport | null> {
    const config = this.deps.toConfig(row);
    if (config.isolated) {
      // Each client session of an isolated server has its own connection: probe with one of our
      // own and close it right away rather than keep a process nobody uses.
      const connection = new UpstreamConnection(config, this.deps.upstreamDeps);
      try {
        return await probeServer(connection);
      } finally {
        await connection.close();
      }
    }
    const idle = !this.deps.upstreams.ofServer(config.id).some((connection) => connection.owner === null);
    if (idle && config.transport === "stdio" && !this.options.startIdle) return null;
    return probeServer(this.deps.upstreams.get(config, null));
  }
}

function failed(serverId: string, orgId: string, error: string): HealthReport {
  return {
    serverId,
    orgId,
    status: "unhealthy",
    checkedAt: new Date(),
    error: clipError(error),
    capabilities: null,
    serverInfo: null,
  };
}

/** `fn` over `items`, at most `limit` at a time, results in order. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
