// Keepalive comments for event-stream responses. A stream can sit quiet for minutes (a long tool call
// without progress, the GET stream of a session), and quiet connections get closed: Bun's own server
// after `idleTimeout` (60 s here, index.ts), and proxies or load balancers in front of the gateway
// after theirs (often 60 s). An SSE comment (": keepalive") is ignored by every SSE parser and keeps
// the connection busy; a write that fails also tells us the client is gone.
// Comments are only inserted between events: when the last chunk ended with a blank line, so a writer
// that sends an event in several chunks is never split.

const COMMENT = new TextEncoder().encode(": keepalive\n\n");
export const SSE_KEEPALIVE_MS = 15_000;

/** `response` with keepalive comments while its event stream is quiet; other responses as they are. */
export function withSseKeepAlive(response: Response, everyMs = SSE_KEEPALIVE_MS): Response {
  const body = response.body;
  if (!body || !response.headers.get("content-type")?.startsWith("text/event-stream")) return response;
  const reader = body.getReader();
  let timer: ReturnType<typeof setInterval> | null = null;
  let quiet = true;
  let atBoundary = true;
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setInterval(() => {
        if (quiet && atBoundary) {
          try {
            controller.enqueue(COMMENT);
          } catch {
            stop(); // closed under us
          }
        }
        quiet = true;
      }, everyMs);
      timer.unref?.();
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          stop();
          controller.close();
          return;
        }
        quiet = false;
        atBoundary = endsEvent(value);
        controller.enqueue(value);
      } catch (error) {
        stop();
        controller.error(error);
      }
    },
    cancel(reason) {
      stop();
      return reader.cancel(reason);
    },
  });
  return new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** The chunk ends with "\n\n" (or "\r\n\r\n"): an event boundary. */
function endsEvent(chunk: Uint8Array): boolean {
  const n = chunk.length;
  return (
    n >= 2 && chunk[n - 1] === 10 && (chunk[n - 2] === 10 || (n >= 4 && chunk[n - 2] === 13 && chunk[n - 3] === 10))
  );
}
