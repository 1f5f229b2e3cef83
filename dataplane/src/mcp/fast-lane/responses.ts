// The HTTP responses the fast lane answers with: one JSON body, an event stream it writes to while the
// call runs (resumable calls, stdio calls of clients that may be asked something), and the empty event
// stream of a cancelled request.
import type { RpcResponse } from "./rpc.ts";

export function jsonResponse(response: RpcResponse, sessionId: string): Response {
  return new Response(JSON.stringify(response), {
    status: 200,
    headers: { "content-type": "application/json", "mcp-session-id": sessionId },
  });
}

/**
 * A cancelled request gets no response (MCP: the receiver SHOULD NOT answer it), so its HTTP response
 * is an event stream that ends without events, as the SDK path's stream would carry none.
 */
export function cancelledResponse(sessionId: string): Response {
  return new Response("", {
    status: 200,
    headers: { "content-type": "text/event-stream", "cache-control": "no-cache", "mcp-session-id": sessionId },
  });
}

const encoder = new TextEncoder();

/**
 * The response stream of one call, like the SDK transport's per-request stream: messages related to
 * the call (a server→client request relayed to this client, the upstream's log messages) are written
 * as `message` events while it runs, then its response, and the stream ends.
 */
export class CallStream {
  readonly response: Response;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private open = true;

  constructor(sessionId: string) {
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.controller = controller;
      },
      // The client went away: the call still finishes (as on the SDK path), nobody reads the rest.
      cancel: () => {
        this.open = false;
      },
    });
    this.response = new Response(body, {
      status: 200,
      headers: { "content-type": "text/event-stream", "cache-control": "no-cache", "mcp-session-id": sessionId },
    });
  }

  get writable(): boolean {
    return this.open;
  }

  write(message: unknown): void {
    if (!this.open) return;
    this.controller.enqueue(encoder.encode(`event: message\ndata: ${JSON.stringify(message)}\n\n`));
  }

  /** An SSE comment (ignored by clients): sends the headers of a stream that has nothing to say yet. */
  comment(): void {
    if (!this.open) return;
    this.controller.enqueue(encoder.encode(": stream open\n\n"));
  }

  /** The SDK transport's priming event: an id to resume from (Last-Event-ID), no data. */
  prime(eventId: string): void {
    if (!this.open) return;
    this.controller.enqueue(encoder.encode(`id: ${eventId}\ndata: \n\n`));
  }

  end(): void {
    if (!this.open) return;
    this.open = false;
    this.controller.close();
  }
}
