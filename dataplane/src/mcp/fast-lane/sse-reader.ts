// Reads a text/event-stream body incrementally and hands each event's data, parsed as JSON, to a
// callback. Only what MCP servers send is handled: `data:` lines (joined with "\n"), `event:` types
// other than "message" ignored, comments skipped; `id:` and `retry:` are kept (lastEventId, retryMs)
// so a caller can resume a broken stream with Last-Event-ID (sse-resume.ts). SseParser takes text as
// it arrives (the raw HTTP/1.1 client feeds it straight from the socket); readSseMessages drives it
// from a ReadableStream (fetch).

export class SseParser {
  private buffer = "";
  private data = "";
  private hasData = false;
  private eventType = "";
  /** The `id:` of the event being read (undefined: none yet); it counts once the event is complete. */
  private eventId: string | undefined = undefined;
  /**
   * The id of the last complete event that carried one (null: none), what a resume sends as
   * Last-Event-ID. An event cut off by the end of the stream does not move it, so a resume replays it.
   */
  lastEventId: string | null = null;
  /** The server's last `retry:` (ms before reconnecting), null if it gave none. */
  retryMs: number | null = null;

  constructor(private readonly onMessage: (message: unknown) => void) {}

  push(text: string): void {
    const buffer = this.buffer.length === 0 ? text : this.buffer + text;
    let start = 0;
    let newline = buffer.indexOf("\n", start);
    while (newline >= 0) {
      let end = newline;
      if (end > start && buffer.charCodeAt(end - 1) === 13) end--;
      if (end === start) {
        // Blank line: the event is complete.
        this.flushEvent();
      } else if (buffer.startsWith("data:", start)) {
        const valueStart = buffer.charCodeAt(start + 5) === 32 ? start + 6 : start + 5;
        const value = buffer.slice(valueStart, end);
        this.data = this.hasData ? `${this.data}\n${value}` : value;
        this.hasData = true;
      } else if (buffer.startsWith("event:", start)) {
        this.eventType = buffer.slice(buffer.charCodeAt(start + 6) === 32 ? start + 7 : start + 6, end);
      } else if (buffer.startsWith("id:", start)) {
        // Only events of resumable streams carry ids; data and event lines never get here.
        const value = buffer.slice(buffer.charCodeAt(start + 3) === 32 ? start + 4 : start + 3, end);
        if (!value.includes("\0")) this.eventId = value; // the SSE spec ignores ids containing NUL
      } else if (buffer.startsWith("retry:", start)) {
        this.retry(buffer, buffer.charCodeAt(start + 6) === 32 ? start + 7 : start + 6, end);
      }
      start = newline + 1;
      newline = buffer.indexOf("\n", start);
    }
    this.buffer = start === 0 ? buffer : buffer.slice(start);
  }

  /**
   * The stream ended: an event without its closing blank line still counts (its id does not, see
   * lastEventId). The parser can then read a resumed stream.
   */
  end(): void {
    this.eventId = undefined;
    this.flushEvent();
    this.buffer = "";
  }

  /** The stream broke: whatever of an event or line was read is dropped before a resumed stream. */
  discard(): void {
    this.buffer = "";
    this.data = "";
    this.hasData = false;
    this.eventType = "";
    this.eventId = undefined;
  }

  private flushEvent(): void {
    if (this.eventId !== undefined) {
      // An empty `id:` resets the last event id (SSE spec): nothing to resume from.
      this.lastEventId = this.eventId === "" ? null : this.eventId;
      this.eventId = undefined;
    }
    if (this.hasData && (this.eventType === "" || this.eventType === "message")) dispatch(this.data, this.onMessage);
    this.data = "";
    this.hasData = false;
    this.eventType = "";
  }

  /** `retry:` counts only if it is all ASCII digits (SSE spec); parsed in place, no substring. */
  private retry(buffer: string, from: number, to: number): void {
    if (from === to) return;
    let value = 0;
    for (let i = from; i < to; i++) {
      const digit = buffer.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return;
      value = value * 10 + digit;
    }
    this.retryMs = value;
  }
}

export async function readSseMessages(
  body: ReadableStream<Uint8Array>,
  onMessage: (message: unknown) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser(onMessage);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.push(decoder.decode(value, { stream: true }));
  }
  parser.end();
  // No releaseLock: the stream is finished, and releasing showed up in the profile.
}

function dispatch(data: string, onMessage: (message: unknown) => void): void {
  // A priming event (id only, empty data; every call's stream with an event store starts with one):
  // skipped before JSON.parse, whose throw cost more than parsing the whole response.
  if (data.length === 0) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return; // not JSON-RPC: nothing to deliver
  }
  if (Array.isArray(parsed)) for (const message of parsed) onMessage(message);
  else onMessage(parsed);
}
