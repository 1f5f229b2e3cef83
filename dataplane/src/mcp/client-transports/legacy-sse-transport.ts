// The server side of the legacy HTTP+SSE transport (protocol 2024-11-05) over web-standard streams:
// GET opens an event stream whose first event, `endpoint`, names the POST URL; each POSTed message is
// handed to the session's Server; every message the Server sends goes on the stream as a `message`
// event with an id. Events are kept in a bounded buffer so a client that lost its stream can
// re-attach after the last id it saw (the SDK's SSEServerTransport is Node-http only).
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";

export interface LegacySseOptions {
  /** The URL (path and query) clients POST their messages to. */
  endpoint: string;
  /** Comment frames keep the stream below idle timeouts (Bun's, proxies'). */
  keepAliveMs?: number;
  /** Events kept for replay. */
  bufferSize?: number;
  /** Called when no stream has been attached for `detachedGraceMs` (the client went away). */
  onAbandoned?: () => void;
  detachedGraceMs?: number;
}

interface BufferedEvent {
  id: number;
  frame: string;
}

const encoder = new TextEncoder();

export class LegacySseServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  readonly sessionId: string;

  private readonly buffer: BufferedEvent[] = [];
  private nextId = 1;
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  private keepAlive: ReturnType<typeof setInterval> | null = null;
  private abandonTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    sessionId: string,
    private readonly options: LegacySseOptions,
  ) {
    this.sessionId = sessionId;
  }

  async start(): Promise<void> {}

  /** The id of the newest event sent so far (0 before the first). */
  get lastEventId(): number {
    return this.nextId - 1;
  }

  get attached(): boolean {
    return this.controller !== null;
  }

  /**
   * A new event stream for this session, replacing any previous one. The first stream starts with the
   * `endpoint` event; a re-attached one (`after` set) starts with the buffered events after that id.
   */
  attach(after: number | null = null): ReadableStream<Uint8Array> {
    this.detach();
    let mine: ReadableStreamDefaultController<Uint8Array> | null = null;
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        mine = controller;
        this.controller = controller;
        if (this.abandonTimer) clearTimeout(this.abandonTimer);
        this.abandonTimer = null;
        if (after === null) controller.enqueue(encoder.encode(`event: endpoint\ndata: ${this.options.endpoint}\n\n`));
        for (const event of this.buffer) {
          if (after !== null && event.id > after) controller.enqueue(encoder.encode(event.frame));
        }
        const every = this.options.keepAliveMs ?? 15_000;
        this.keepAlive = setInterval(() => this.write(": keepalive\n\n"), every);
      },
      cancel: () => {
        // The client went away; a later replay may re-attach before the grace period ends.
        if (this.controller === mine) this.detach(true);
      },
    });
  }

  /** A message POSTed by the client, with the request's auth context. */
  receive(message: JSONRPCMessage, extra: MessageExtraInfo): void {
    this.onmessage?.(message, extra);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error("SSE session closed");
    const id = this.nextId++;
    const frame = `id: ${id}\nevent: message\ndata: ${JSON.stringify(message)}\n\n`;
    this.buffer.push({ id, frame });
    const max = this.options.bufferSize ?? 256;
    if (this.buffer.length > max) this.buffer.splice(0, this.buffer.length - max);
    this.write(frame);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.abandonTimer) clearTimeout(this.abandonTimer);
    const controller = this.controller;
    this.detach();
    try {
      controller?.close();
    } catch {
      // Already closed by the client.
    }
    this.onclose?.();
  }

  private write(frame: string): void {
    if (!this.controller) return;
    try {
      this.controller.enqueue(encoder.encode(frame));
    } catch {
      this.detach(true);
    }
  }

  private detach(lost = false): void {
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.keepAlive = null;
    const previous = this.controller;
    this.controller = null;
    if (!lost && previous && !this.closed) {
      try {
        previous.close();
      } catch {
        // The client already closed it.
      }
    }
    if (lost && !this.closed && !this.abandonTimer) {
      this.abandonTimer = setTimeout(() => this.options.onAbandoned?.(), this.options.detachedGraceMs ?? 30_000);
      this.abandonTimer.unref?.();
    }
  }
}
