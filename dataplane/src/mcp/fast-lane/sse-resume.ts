// Reading a fast call's SSE response, and resuming it when it ends or breaks before the call's response
// arrived: servers with an event store send event ids (a priming event first, protocol ≥ 2025-11-25)
// and may close a POST stream on purpose after a `retry:` (SEP-1699 polling), expecting the client to
// come back with GET + Last-Event-ID. Like the SDK client (StreamableHTTPClientTransport's
// _handleSseStream/_scheduleReconnection): wait the server's `retry:` or 1 s × 1.5^n (at most 30 s),
// GET with the session's headers; a GET that opened resets the count (a polling server closes every
// stream it opens), two failed GETs in a row give up. Without an event id there is nothing to resume.
// The GET goes over fetch: a rare path, where an AbortController stops it for sure when the call ends
// otherwise (timeout, cancellation, channel closed), so no request outlives its call.
import { errorMessage } from "../../lib/logger.ts";
import type { SseParser } from "./sse-reader.ts";
import type { UpstreamReply } from "./upstream-http.ts";

// The SDK client's DEFAULT_STREAMABLE_HTTP_RECONNECTION_OPTIONS.
const INITIAL_DELAY_MS = 1_000;
const GROW_FACTOR = 1.5;
const MAX_DELAY_MS = 30_000;
/** Failed GETs in a row before giving up (the SDK's maxRetries). */
const MAX_FAILURES = 2;

/** The channel whose calls' streams are read (one object per channel: nothing allocated per call). */
export interface StreamHost {
  readonly url: string;
  /** True while call `id` still waits for its response. */
  waiting(id: number): boolean;
  /** Hands over (or, with null, takes back) how to stop resuming call `id` at once when it settles. */
  setStop(id: number, stop: (() => void) | null): void;
  /** Told once per resumed call, when resuming starts. */
  onResume(id: number, lastEventId: string): void;
}

/** One call's stream being resumed. */
interface CallStream {
  url: string;
  parser: SseParser;
  waiting(): boolean;
  setStop(stop: (() => void) | null): void;
}

/**
 * Reads `reply` (an SSE response to call `id`) into `parser`, resuming it if needed. Resolves null when
 * there is nothing more to do (the response arrived, the call ended otherwise, or the stream ended
 * without an event id: the caller reports the missing response); a string when resuming failed (why).
 * A broken stream with nothing to resume from rejects with its error, as reading it would have.
 * `headers` are the upstream session's (configured ones, Mcp-Session-Id, MCP-Protocol-Version).
 */
export async function readCallStream(
  host: StreamHost,
  id: number,
  headers: Record<string, string>,
  parser: SseParser,
  reply: UpstreamReply,
): Promise<string | null> {
  let broken: unknown = null;
  try {
    await reply.stream((text) => parser.push(text));
    parser.end();
  } catch (error) {
    if (parser.lastEventId === null || !host.waiting(id)) throw error;
    parser.discard();
    broken = error;
  }
  if (parser.lastEventId === null || !host.waiting(id)) return null;
  // The rare path from here on: closures are fine.
  host.onResume(id, parser.lastEventId);
  const call: CallStream = {
    url: host.url,
    parser,
    waiting: () => host.waiting(id),
    setStop: (stop) => host.setStop(id, stop),
  };
  const failure = await resume(call, headers);
  if (failure === null) return null;
  const how = broken === null ? "ended" : `broke (${errorMessage(broken)})`;
  return `its event stream ${how} before the response and could not be resumed: ${failure}`;
}

async function resume(call: CallStream, sessionHeaders: Record<string, string>): Promise<string | null> {
  const parser = call.parser;
  // A GET carries no body: no content-type; only an event stream is acceptable.
  const headers: Record<string, string> = {};
  for (const name in sessionHeaders) if (name !== "content-type") headers[name] = sessionHeaders[name]!;
  headers.accept = "text/event-stream";
  let failures = 0;
  let last = "";
  while (call.waiting()) {
    if (failures >= MAX_FAILURES) return `${failures} attempts failed, the last: ${last}`;
    // The server's `retry:` wins, as in the SDK client.
    const delay = parser.retryMs ?? INITIAL_DELAY_MS * GROW_FACTOR ** failures;
    await pause(Math.min(delay, MAX_DELAY_MS), call);
    if (!call.waiting()) return null;
    headers["last-event-id"] = parser.lastEventId!;
    const failed = await attempt(call, headers);
    if (failed === null) {
      failures = 0;
      continue;
    }
    if (failed.final) return failed.reason;
    failures++;
    last = failed.reason;
  }
  return null;
}

/** One GET: null once it opened and its stream ended (or broke); else why it failed, `final` if retrying cannot help. */
async function attempt(
  call: CallStream,
  headers: Record<string, string>,
): Promise<{ reason: string; final: boolean } | null> {
  const controller = new AbortController();
  call.setStop(() => controller.abort());
  try {
    let res: Response;
    try {
      res = await fetch(call.url, { method: "GET", headers, signal: controller.signal });
    } catch (error) {
      return call.waiting() ? { reason: errorMessage(error), final: false } : null;
    }
    if (!res.ok) {
      const text = await res.text().catch(() => "");
      const reason = `GET with Last-Event-ID answered HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`;
      return { reason, final: isFinal(res.status) };
    }
    const type = res.headers.get("content-type") ?? "";
    if (!type.includes("text/event-stream") || !res.body) {
      await res.body?.cancel().catch(() => {});
      return { reason: `GET with Last-Event-ID answered "${type}", not an event stream`, final: false };
    }
    await readBody(res.body, call.parser);
    return null;
  } finally {
    call.setStop(null);
  }
}

async function readBody(body: ReadableStream<Uint8Array>, parser: SseParser): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
    parser.end();
  } catch {
    // Broken or aborted (the call settled): the loop decides whether to go on.
    parser.discard();
  }
}

/**
 * Statuses a retry cannot fix: the session is gone (404), the server offers no GET stream (405), the
 * event id is unknown (400), auth. Timeouts, conflicts (the server still holds the old stream) and
 * rate limits may pass, as may 5xx.
 */
function isFinal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429;
}

async function pause(ms: number, call: CallStream): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    call.setStop(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  call.setStop(null);
}
