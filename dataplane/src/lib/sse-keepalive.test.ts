// Keepalive comments fill a quiet event stream between events, never inside an event written in
// pieces. (That streams outlive Bun's idleTimeout is tested through the gateway: stream-lifetime.test.ts.)
import { describe, expect, test } from "bun:test";
import { withSseKeepAlive } from "./sse-keepalive.ts";

const encoder = new TextEncoder();

/** An event stream: `parts` written with `pauseMs` between them, then closed. */
function quietStream(parts: string[], pauseMs: number): Response {
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const [index, part] of parts.entries()) {
        if (index > 0) await Bun.sleep(pauseMs);
        controller.enqueue(encoder.encode(part));
      }
      controller.close();
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}

async function read(response: Response): Promise<string> {
  return await response.text();
}

describe("withSseKeepAlive", () => {
  test("a quiet stream gets comments between its events, and its events arrive whole", async () => {
    const parts = ['event: message\ndata: {"n":1}\n\n', 'event: message\ndata: {"n":2}\n\n'];
    const text = await read(withSseKeepAlive(quietStream(parts, 400), 100));
    expect(text).toContain(": keepalive\n\n");
    expect(text.replaceAll(": keepalive\n\n", "")).toBe(parts.join(""));
    expect(text.startsWith(parts[0]!)).toBe(true);
  });

  test("no comment inside an event written in two pieces; other responses are left alone", async () => {
    const pieces = ["event: message\ndata: {", '"split":true}\n\n'];
    const text = await read(withSseKeepAlive(quietStream(pieces, 250), 50));
    expect(text).toBe(pieces.join(""));
    const json = Response.json({ ok: true });
    expect(withSseKeepAlive(json, 50)).toBe(json);
  });

  test("cancelling the wrapped stream cancels the original", async () => {
    let cancelled = false;
    const original = new Response(
      new ReadableStream({
        start() {},
        cancel() {
          cancelled = true;
        },
      }),
      { headers: { "content-type": "text/event-stream" } },
    );
    await withSseKeepAlive(original, 50).body!.cancel();
    expect(cancelled).toBe(true);
  });
});
