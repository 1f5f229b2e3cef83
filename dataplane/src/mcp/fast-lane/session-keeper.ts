// The upstream session an HttpChannel sends on: opened once (its own initialize, or adopted from an SDK
// connection), shared by every call, forgotten when the upstream answers 404 for it, and — like
// UpstreamConnection — after a failed opening refused at once until a backoff has passed, so a dead
// upstream costs each call nothing but a quick error.
import { errorMessage } from "../../lib/logger.ts";
import type { UpstreamSession } from "./http-session.ts";

const MAX_BACKOFF_MS = 30_000;

export class SessionKeeper {
  private current: Promise<UpstreamSession> | null = null;
  private failures = 0;
  private retryAt = 0;
  private lastError: string | null = null;

  constructor(private readonly open: () => Promise<UpstreamSession>) {}

  /** The session, opening one if there is none; rejects (naming the cause) while backing off. */
  get(): Promise<UpstreamSession> {
    if (this.current) return this.current;
    const wait = this.retryAt - Date.now();
    if (wait > 0) {
      return Promise.reject(new Error(`${this.lastError ?? "it failed"}; retrying in ${Math.ceil(wait / 1000)} s`));
    }
    const opening = this.open();
    this.current = opening;
    opening.then(
      () => {
        this.failures = 0;
        this.lastError = null;
      },
      (error) => {
        if (this.current === opening) this.current = null;
        this.lastError = errorMessage(error);
        this.retryAt = Date.now() + Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.failures++);
      },
    );
    return opening;
  }

  /** The upstream forgot `session` (404): true when it was still the current one (now dropped). */
  async forget(session: UpstreamSession): Promise<boolean> {
    const current = this.current;
    if (!current || (await current.catch(() => null)) !== session) return false;
    if (this.current === current) this.current = null;
    return true;
  }

  /** Drops the session (the channel closes); resolves with it, if one was open. */
  async clear(): Promise<UpstreamSession | null> {
    const current = this.current;
    this.current = null;
    return (await current?.catch(() => null)) ?? null;
  }
}
