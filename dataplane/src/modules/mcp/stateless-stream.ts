// Answers of stateless 2026-07-28 requests on /mcp. A request's own SSE response stream is the only
// channel it has for what the upstream says while it runs — notifications/progress (it sent a
// progressToken) and notifications/message (it set `_meta["io.modelcontextprotocol/logLevel"]`) — so
// such a request that accepts SSE gets a stream: those notifications as they come, then the answer.
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

export function acceptedTypes(accept: string | null): string[] {
  return (accept ?? "").split(",").map((part) => part.split(";")[0]!.trim().toLowerCase());
}

export function acceptsEventStream(accept: string | null): boolean {
  return acceptedTypes(accept).includes("text/event-stream");
}

export function hasProgressToken(message: { params?: unknown }): boolean {
  const meta = (message.params as { _meta?: { progressToken?: unknown } } | undefined)?._meta;
  return meta?.progressToken !== undefined && meta.progressToken !== null;
}

const sseEvent = (message: unknown) => new TextEncoder().encode(`event: message\ndata: ${JSON.stringify(message)}\n\n`);

/** Sends one notification on the request's stream (dropped once the stream is closed). */
export type Notify = (method: string, params: Record<string, unknown>) => void;

/** An SSE response: the notifications the dispatch sends as they come, then its answer, and the stream ends. */
export function notificationStream(
  requestSignal: AbortSignal,
  dispatch: (signal: AbortSignal, notify: Notify) => Promise<JSONRPCMessage | null>,
): Response {
  // Once the headers are out, Bun reports a client that goes away as the body's cancel, not always
  // through request.signal: either one cancels the call (the revision's cancellation).
  const closed = new AbortController();
  const signal = AbortSignal.any([requestSignal, closed.signal]);
  return eventStream(closed, (send) => dispatch(signal, (method, params) => send({ jsonrpc: "2.0", method, params })));
}

/**
 * The answer as `respond` gives it when it comes within `afterMs`; else an SSE stream, opened then with
 * a comment and closed after the answer. A long request is never quiet for a minute (keepalive comments
 * on the stream, lib/sse-keepalive.ts): proxies in front of the gateway cut responses quiet for that
 * long (nginx's proxy_read_timeout is 60 s). Closing the stream cancels the request, as on notificationStream.
 */
export async function answerOrLateStream(
  requestSignal: AbortSignal,
  dispatch: (signal: AbortSignal) => Promise<JSONRPCMessage | null>,
  accept: string | null,
  afterMs: number,
): Promise<Response> {
  const closed = new AbortController();
  const answer = dispatch(AbortSignal.any([requestSignal, closed.signal]));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(resolve, afterMs, null);
  });
  const first = await Promise.race([answer.then((message) => ({ message })), late]).finally(() => clearTimeout(timer));
  if (first) return first.message ? respond(first.message, accept) : new Response(null, { status: 202 });
  return eventStream(closed, () => answer);
}

/**
 * An SSE response opened at once (Bun sends the headers with the first chunk: a comment, ignored by SSE
 * parsers, so a client sees 200 now and may cancel a long call by closing it): what `run` sends, then its
 * answer, and the stream ends. Closing it aborts `closed`.
 */
function eventStream(
  closed: AbortController,
  run: (send: (message: unknown) => void) => Promise<JSONRPCMessage | null>,
): Response {
  let open = true;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(": stream open\n\n"));
      const send = (message: unknown) => {
        if (open) controller.enqueue(sseEvent(message));
      };
      run(send).then(
        (response) => {
          if (response) send(response);
          if (open) controller.close();
          open = false;
        },
        (error: unknown) => {
          if (open) controller.error(error);
          open = false;
        },
      );
    },
    cancel() {
      open = false;
      closed.abort();
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
}

/** JSON unless the client accepts only an event stream; then one `message` event, and the stream ends. */
export function respond(message: JSONRPCMessage, accept: string | null): Response {
  const types = acceptedTypes(accept);
  const json =
    accept === null || types.some((type) => type === "application/json" || type === "*/*" || type === "application/*");
  if (json || !types.includes("text/event-stream")) return Response.json(message);
  return new Response(`event: message\ndata: ${JSON.stringify(message)}\n\n`, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
  });
}
