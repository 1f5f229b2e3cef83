// A small read-through cache for the hot path: entries are dropped on change notifications, and a TTL
// bounds how long a missed notification can leave stale data. Concurrent misses share one load, and
// an expired entry is served once more while it is refreshed in the background, so a request never
// waits on the database just because a TTL ran out (unless `strict` says it must).

interface Entry<V> {
  value: V;
  expiresAt: number;
}

export interface CachedLoaderOptions {
  ttlMs: number;
  /** TTL for "not found" results, shorter: rows may appear without a notification (e.g. new keys). */
  negativeTtlMs?: number;
  /** When true an expired entry is never served: the caller waits for a fresh load. */
  strict?: () => boolean;
  onRefreshError?: (error: unknown) => void;
}

export class CachedLoader<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly inflight = new Map<K, Promise<V>>();
  private generation = 0;

  constructor(
    private readonly load: (key: K) => Promise<V>,
    private readonly options: CachedLoaderOptions,
  ) {}

  get(key: K): V | Promise<V> {
    const entry = this.entries.get(key);
    if (entry) {
      if (entry.expiresAt > Date.now()) return entry.value;
      if (!this.options.strict?.()) {
        this.refresh(key).catch((error) => this.options.onRefreshError?.(error));
        return entry.value;
      }
    }
    return this.refresh(key);
  }

  /** Drops matching entries; loads already running are discarded when they finish. */
  invalidate(predicate: (key: K, value: V) => boolean): void {
    for (const [key, entry] of this.entries) {
      if (predicate(key, entry.value)) this.entries.delete(key);
    }
    this.generation++;
    this.inflight.clear();
  }

  delete(key: K): void {
    this.entries.delete(key);
    this.inflight.delete(key);
    this.generation++;
  }

  clear(): void {
    this.entries.clear();
    this.inflight.clear();
    this.generation++;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private refresh(key: K): Promise<V> {
    const running = this.inflight.get(key);
    if (running) return running;
    const generation = this.generation;
    const promise = this.load(key).then(
      (value) => {
        // A change arrived while loading: the value may predate it, so do not cache it.
        if (generation === this.generation) {
          const ttl =
            value === null || value === undefined
              ? (this.options.negativeTtlMs ?? this.options.ttlMs)
              : this.options.ttlMs;
          this.entries.set(key, { value, expiresAt: Date.now() + ttl });
        }
        if (this.inflight.get(key) === promise) this.inflight.delete(key);
        return value;
      },
      (error: unknown) => {
        if (this.inflight.get(key) === promise) this.inflight.delete(key);
        throw error;
      },
    );
    this.inflight.set(key, promise);
    return promise;
  }
}
