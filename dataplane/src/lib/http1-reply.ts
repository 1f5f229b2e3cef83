// The response side of the raw HTTP/1.1 client (http1-client.ts): status and headers as soon as the
// head is parsed, then the body as text, either whole (text()) or as it arrives (stream()), which is
// what an SSE response needs. Bytes are decoded with one streaming TextDecoder, so a UTF-8 character
// split across TCP segments or chunks comes out whole.

export class Http1Reply {
  /** Lower-cased names; repeated headers joined with ", ". */
  readonly headers = new Map<string, string>();
  private readonly decoder = new TextDecoder();
  private buffered: string[] = [];
  private consumer: ((text: string) => void) | null = null;
  private ended = false;
  private failure: Error | null = null;
  private waiter: { resolve: () => void; reject: (error: Error) => void } | null = null;

  constructor(
    readonly status: number,
    /** Drops the connection the body is still coming on (the caller no longer wants it). */
    private readonly abort: () => void,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  header(name: string): string | null {
    return this.headers.get(name) ?? null;
  }

  /** The whole body, once it has arrived. */
  async text(): Promise<string> {
    await this.done();
    const text = this.buffered.length === 1 ? this.buffered[0]! : this.buffered.join("");
    this.buffered = [];
    return text;
  }

  /** Hands the body to `onText` as it arrives (what has arrived already, at once); resolves at its end. */
  stream(onText: (text: string) => void): Promise<void> {
    for (const text of this.buffered) onText(text);
    this.buffered = [];
    this.consumer = onText;
    return this.done();
  }

  /** Not interested in the rest: the connection is closed rather than read to the end. */
  cancel(): void {
    if (this.ended) return;
    this.ended = true;
    this.buffered = [];
    this.abort();
    this.waiter?.resolve();
  }

  /** @internal — body bytes from the connection. */
  push(bytes: Uint8Array): void {
    if (!this.ended) this.deliver(this.decoder.decode(bytes, { stream: true }));
  }

  /** @internal — the body is complete. */
  end(): void {
    if (this.ended) return;
    this.deliver(this.decoder.decode());
    this.ended = true;
    this.waiter?.resolve();
  }

  /** @internal — the connection failed before the body was complete. */
  fail(error: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = error;
    this.waiter?.reject(error);
  }

  private deliver(text: string): void {
    if (text.length === 0) return;
    if (this.consumer) this.consumer(text);
    else this.buffered.push(text);
  }

  private done(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.ended) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }
}
