// The web-standard legacy SSE transport on its own: keepalive comments, event ids, the bounded replay
// buffer, and abandonment after the stream is lost.
import { describe, expect, test } from "bun:test";
import { LegacySseServerTransport } from "./legacy-sse-transport.ts";

async function readUntil(stream: ReadableStream<Uint8Array>, predicate: (text: string) => boolean) {
  const reader = stream.getReader();
  let text = "";
  while (!predicate(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  return { text, reader };
}

describe("LegacySseServerTransport", () => {
  test("starts with the endpoint event and sends keepalive comments while idle", async () => {
    const transport = new LegacySseServerTransport("s1", { endpoint: "/x/messages?sessionId=s1", keepAliveMs: 20 });
    const { text, reader } = await readUntil(transport.attach(), (t) => t.includes(": keepalive"));
    expect(text).toStartWith("event: endpoint\ndata: /x/messages?sessionId=s1\n\n");
    expect(text).toContain(": keepalive\n\n");
    await reader.cancel();
    await transport.close();
  });

  test("events get increasing ids; the buffer keeps only the newest bufferSize events for replay", async () => {
    const transport = new LegacySseServerTransport("s2", { endpoint: "/m", bufferSize: 2 });
    for (const id of [1, 2, 3]) await transport.send({ jsonrpc: "2.0", id, result: {} });
    expect(transport.lastEventId).toBe(3);
    const { text, reader } = await readUntil(transport.attach(0), (t) => t.includes('"id":3'));
    expect(text).not.toContain("event: endpoint");
    expect(text).not.toContain('"id":1');
    expect(text).toStartWith('id: 2\nevent: message\ndata: {"jsonrpc":"2.0","id":2,"result":{}}\n\n');
    await reader.cancel();
    await transport.close();
  });

  test("a lost stream abandons the session after the grace period unless a replay re-attaches", async () => {
    let abandoned = 0;
    const transport = new LegacySseServerTransport("s3", {
      endpoint: "/m",
      detachedGraceMs: 30,
      onAbandoned: () => abandoned++,
    });
    await transport.attach().cancel();
    await Bun.sleep(60);
    expect(abandoned).toBe(1);
    const again = new LegacySseServerTransport("s4", {
      endpoint: "/m",
      detachedGraceMs: 30,
      onAbandoned: () => abandoned++,
    });
    await again.attach().cancel();
    const replay = again.attach(0);
    await Bun.sleep(60);
    expect(abandoned).toBe(1);
    expect(again.attached).toBe(true);
    await replay.cancel();
    await again.close();
    await transport.close();
  });
});
