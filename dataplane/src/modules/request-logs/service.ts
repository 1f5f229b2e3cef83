// Buffered request log writer: `push` only appends to an in-memory queue; a timer flushes every
// ~250 ms (sooner at 500 rows) with ONE INSERT … SELECT FROM unnest(arrays), i.e. one statement and
// 19 parameters however many rows. The queue is bounded: when the database is down the oldest rows
// are dropped and counted rather than growing memory without limit.
import type { DbPool } from "../../db/pool.ts";
import { errorMessage, type Logger } from "../../lib/logger.ts";
import type { RequestLogEntry } from "./model.ts";

export interface RequestLogWriterOptions {
  flushIntervalMs?: number;
  batchSize?: number;
  maxQueue?: number;
}

const COLUMNS = [
  ["org_id", "text"],
  ["namespace_id", "text"],
  ["server_id", "text"],
  ["virtual_server_id", "text"],
  ["api_key_id", "text"],
  ["user_id", "text"],
  ["session_id", "text"],
  ["transport", "text"],
  ["method", "text"],
  ["tool_name", "text"],
  ["jsonrpc_id", "text"],
  ["status", "text"],
  ["error_code", "int4"],
  ["error_message", "text"],
  ["latency_ms", "float8"],
  ["request_bytes", "int4"],
  ["response_bytes", "int4"],
  ["client_ip", "text"],
  ["created_at", "timestamptz"],
] as const;

const INSERT_SQL = `insert into request_logs (${COLUMNS.map(([name]) => name).join(", ")})
  select * from unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ")})`;

function byteSize(entry: RequestLogEntry): number | null {
  if (entry.responseBytes !== null) return entry.responseBytes;
  if (entry.responseBody === undefined) return null;
  try {
    return Buffer.byteLength(JSON.stringify(entry.responseBody));
  } catch {
    return null;
  }
}

export class RequestLogWriter {
  private queue: RequestLogEntry[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private flushing: Promise<void> | null = null;
  private failures = 0;
  private nextAttemptAt = 0;
  /** Rows dropped because the queue was full (database down or too slow). */
  dropped = 0;
  written = 0;
  private readonly flushIntervalMs: number;
  private readonly batchSize: number;
  private readonly maxQueue: number;

  constructor(
    private readonly pool: DbPool,
    private readonly logger: Logger,
    options: RequestLogWriterOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.batchSize = options.batchSize ?? 500;
    this.maxQueue = options.maxQueue ?? 50_000;
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.flushIntervalMs);
    this.timer.unref?.();
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Never blocks and never throws: the request path calls this and moves on. */
  push(entry: RequestLogEntry): void {
    this.queue.push(entry);
    if (this.queue.length > this.maxQueue) {
      const excess = this.queue.length - this.maxQueue;
      this.queue.splice(0, excess);
      this.dropped += excess;
    }
    if (this.queue.length >= this.batchSize && !this.flushing) queueMicrotask(() => void this.flush());
  }

  /** Writes everything queued (in batches); resolves when done or when the database refused. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.queue.length === 0 || Date.now() < this.nextAttemptAt) return Promise.resolve();
    this.flushing = this.drain().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /** Stops the timer and writes what is left (called on shutdown). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.nextAttemptAt = 0;
    await this.flush();
    if (this.queue.length > 0) {
      this.logger.warn("request logs not written at shutdown", { rows: this.queue.length });
    }
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.batchSize);
      try {
        await this.pool.query(INSERT_SQL, this.toColumns(batch));
        this.written += batch.length;
        this.failures = 0;
      } catch (error) {
        // Put the batch back in front (the bound still applies) and retry later with backoff.
        this.queue = batch.concat(this.queue);
        if (this.queue.length > this.maxQueue) {
          const excess = this.queue.length - this.maxQueue;
          this.queue.splice(0, excess);
          this.dropped += excess;
        }
        this.failures++;
        this.nextAttemptAt = Date.now() + Math.min(10_000, 250 * 2 ** this.failures);
        this.logger.warn("request log flush failed", {
          error: errorMessage(error),
          queued: this.queue.length,
          dropped: this.dropped,
        });
        return;
      }
    }
  }

  private toColumns(batch: RequestLogEntry[]): unknown[][] {
    const columns: unknown[][] = COLUMNS.map(() => new Array(batch.length));
    for (let i = 0; i < batch.length; i++) {
      const e = batch[i]!;
      const values = [
        e.orgId,
        e.namespaceId,
        e.serverId,
        e.virtualServerId ?? null,
        e.apiKeyId,
        e.userId ?? null,
        e.sessionId,
        e.transport,
        e.method,
        e.toolName,
        e.jsonrpcId,
        e.status,
        e.errorCode,
        e.errorMessage?.slice(0, 2000) ?? null,
        e.latencyMs,
        e.requestBytes,
        byteSize(e),
        e.clientIp,
        e.createdAt.toISOString(),
      ];
      for (let c = 0; c < values.length; c++) columns[c]![i] = values[c];
    }
    return columns;
  }
}
