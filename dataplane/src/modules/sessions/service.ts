// Buffered mcp_sessions writer, like the request log writer: the session layer only records in
// memory (a new row, a touched id, a closed id) and a timer writes them with at most three
// statements per flush — one multi-row INSERT, one UPDATE of last_seen_at, one UPDATE of closed_at —
// so no MCP call ever waits for the database. Pending work is bounded; the oldest is dropped first.
import type { DbPool } from "../../db/pool.ts";
import { errorMessage, type Logger } from "../../lib/logger.ts";
import type { SessionRow } from "./model.ts";

export interface SessionRowWriterOptions {
  flushIntervalMs?: number;
  maxPending?: number;
}

// Rows of a namespace or org deleted since the session opened are skipped instead of failing the batch.
const INSERT_SQL = `insert into mcp_sessions (id, org_id, namespace_id, server_id, virtual_server_id, api_key_id,
    user_id, transport, protocol_version, client_info, client_ip, created_at, last_seen_at)
  select u.id, u.org_id, u.namespace_id, u.server_id, u.virtual_server_id, u.api_key_id, u.user_id, u.transport,
    u.protocol_version, u.client_info, u.client_ip, u.created_at, u.created_at
  from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
    $9::text[], $10::jsonb[], $11::text[], $12::timestamptz[])
    as u(id, org_id, namespace_id, server_id, virtual_server_id, api_key_id, user_id, transport, protocol_version,
      client_info, client_ip, created_at)
  where exists (select 1 from organizations o where o.id = u.org_id)
    and (u.namespace_id is null or exists (select 1 from namespaces n where n.id = u.namespace_id))
  on conflict (id) do nothing`;
const TOUCH_SQL = `update mcp_sessions s set last_seen_at = greatest(s.last_seen_at, u.seen)
  from unnest($1::text[], $2::timestamptz[]) as u(id, seen) where s.id = u.id`;
const CLOSE_SQL = `update mcp_sessions s set closed_at = u.closed, last_seen_at = greatest(s.last_seen_at, u.closed)
  from unnest($1::text[], $2::timestamptz[]) as u(id, closed) where s.id = u.id and s.closed_at is null`;

export class SessionRowWriter {
  private opened: SessionRow[] = [];
  private touched = new Map<string, Date>();
  private closedIds = new Map<string, Date>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private flushing: Promise<void> | null = null;
  private readonly flushIntervalMs: number;
  private readonly maxPending: number;
  dropped = 0;

  constructor(
    private readonly pool: DbPool,
    private readonly logger: Logger,
    options: SessionRowWriterOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 1_000;
    this.maxPending = options.maxPending ?? 20_000;
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.flushIntervalMs);
    this.timer.unref?.();
  }

  open(row: SessionRow): void {
    this.opened.push(row);
    if (this.opened.length > this.maxPending) {
      this.opened.shift();
      this.dropped++;
    }
  }

  /** Called on every message of a session: only a map write. */
  touch(id: string): void {
    if (this.touched.size < this.maxPending || this.touched.has(id)) this.touched.set(id, new Date());
  }

  close(id: string): void {
    this.touched.delete(id);
    if (this.closedIds.size < this.maxPending) this.closedIds.set(id, new Date());
  }

  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.opened.length === 0 && this.touched.size === 0 && this.closedIds.size === 0) return Promise.resolve();
    this.flushing = this.write().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  private async write(): Promise<void> {
    const opened = this.opened;
    const touched = this.touched;
    const closed = this.closedIds;
    this.opened = [];
    this.touched = new Map();
    this.closedIds = new Map();
    try {
      // Inserts first: a session opened and closed within one interval still gets its closed_at.
      if (opened.length > 0) await this.pool.query(INSERT_SQL, insertColumns(opened));
      if (touched.size > 0) await this.pool.query(TOUCH_SQL, [[...touched.keys()], [...touched.values()]]);
      if (closed.size > 0) await this.pool.query(CLOSE_SQL, [[...closed.keys()], [...closed.values()]]);
    } catch (error) {
      // Put everything back (newer entries win) and retry on the next tick.
      this.opened = opened.concat(this.opened).slice(-this.maxPending);
      for (const [id, at] of touched) if (!this.touched.has(id)) this.touched.set(id, at);
      for (const [id, at] of closed) if (!this.closedIds.has(id)) this.closedIds.set(id, at);
      this.logger.warn("session rows flush failed", { error: errorMessage(error), pending: this.opened.length });
    }
  }
}

function insertColumns(rows: SessionRow[]): unknown[][] {
  return [
    rows.map((r) => r.id),
    rows.map((r) => r.orgId),
    rows.map((r) => r.namespaceId),
    rows.map((r) => r.serverId),
    rows.map((r) => r.virtualServerId),
    rows.map((r) => r.apiKeyId),
    rows.map((r) => r.userId),
    rows.map((r) => r.transport),
    rows.map((r) => r.protocolVersion),
    rows.map((r) => (r.clientInfo === undefined || r.clientInfo === null ? null : JSON.stringify(r.clientInfo))),
    rows.map((r) => r.clientIp),
    rows.map((r) => r.createdAt),
  ];
}
