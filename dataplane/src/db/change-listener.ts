// LISTEN on the change channel with a dedicated connection (a pooled one could be handed to someone
// else). Reconnects with backoff; every (re)connect reports `onReset`, because notifications sent
// while disconnected are lost and the caches must then be emptied.
import { CHANGES_CHANNEL, type ChangeEvent, parseChangeEvent } from "@omnimesh/db/changes";
import pg from "pg";
import { errorMessage, type Logger } from "../lib/logger.ts";

export interface ChangeListenerOptions {
  databaseUrl: string;
  logger: Logger;
  onChange: (event: ChangeEvent) => void;
  onReset: () => void;
}

export class ChangeListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readyResolvers: Array<() => void> = [];
  connected = false;

  constructor(private readonly options: ChangeListenerOptions) {}

  start(): void {
    void this.connect();
  }

  /** Resolves once LISTEN is active (tests wait for it before changing rows). */
  ready(): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve) => this.readyResolvers.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    this.connected = false;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.options.databaseUrl });
    this.client = client;
    client.on("notification", (message) => {
      if (message.channel !== CHANGES_CHANNEL || !message.payload) return;
      const event = parseChangeEvent(message.payload);
      if (event) this.options.onChange(event);
    });
    client.on("error", (error) => this.handleDisconnect(client, error));
    client.on("end", () => this.handleDisconnect(client, new Error("connection ended")));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      if (this.client !== client) return;
      this.attempt = 0;
      this.connected = true;
      this.options.onReset();
      for (const resolve of this.readyResolvers.splice(0)) resolve();
      this.options.logger.debug("listening for changes", { channel: CHANGES_CHANNEL });
    } catch (error) {
      this.handleDisconnect(client, error);
    }
  }

  private handleDisconnect(client: pg.Client, error: unknown): void {
    if (this.client !== client || this.stopped) return;
    this.client = null;
    this.connected = false;
    // While disconnected the caches cannot learn of changes: drop them now and keep doing so on TTL.
    this.options.onReset();
    client.end().catch(() => {});
    const delay = Math.min(30_000, 250 * 2 ** this.attempt++);
    this.options.logger.warn("change listener disconnected", { error: errorMessage(error), retryInMs: delay });
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }
}
