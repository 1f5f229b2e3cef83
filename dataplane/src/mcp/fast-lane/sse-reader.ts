// Reads a text/event-stream body incrementally and hands each event's data, parsed as JSON, to a
// callback. Only what MCP servers send is handled: `data:` lines (joined with "\n"), `event:` types
// other than "message" ignored, comments and `id:`/`retry:` fields skipped. SseParser takes text as it
// arrives (the raw HTTP/1.1 client feeds it straight from the socket); readSseMessages drives it from
// a ReadableStream (fetch).

export class SseParser {
  private buffer = "";
  private data = "";
  private hasData = false;
  private eventType = "";

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
      }
      start = newline + 1;
      newline = buffer.indexOf("\n", start);
    }
    this.buffer = start === 0 ? buffer : buffer.slice(start);
  }

  /** The stream ended: an event without its closing blank line still counts. */
  end(): void {
    this.flushEvent();
  }

  private flushEvent(): void {
    if (this.hasData && (this.eventType === "" || this.eventType === "message")) dispatch(this.data, this.onMessage);
    this.data = "";
    this.hasData = false;
    this.eventType = "";
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
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return; // not JSON-RPC (e.g. an empty priming event): nothing to deliver
  }
  if (Array.isArray(parsed)) for (const message of parsed) onMessage(message);
  else onMessage(parsed);
}
