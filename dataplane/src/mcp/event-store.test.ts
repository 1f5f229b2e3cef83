// The session event store on its own: replay after an id, per stream, bounded by count and age.
import { describe, expect, setSystemTime, test } from "bun:test";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { SessionEventStore } from "./event-store.ts";

const note = (n: number): JSONRPCMessage => ({ jsonrpc: "2.0", method: "notifications/message", params: { n } });

async function replay(store: SessionEventStore, lastEventId: string) {
  const sent: unknown[] = [];
  const streamId = await store.replayEventsAfter(lastEventId, {
    send: async (_id, message) => void sent.push((message as unknown as { params: { n: number } }).params.n),
  });
  return { streamId, sent };
}

describe("SessionEventStore", () => {
  test("replays the events of the same stream after the given id, skipping priming events", async () => {
    const store = new SessionEventStore();
    const priming = await store.storeEvent("a", {} as JSONRPCMessage);
    await store.storeEvent("a", note(1));
    await store.storeEvent("b", note(2));
    await store.storeEvent("a", note(3));
    expect(await store.getStreamIdForEventId(priming)).toBe("a");
    expect(await replay(store, priming)).toEqual({ streamId: "a", sent: [1, 3] });
  });

  test("keeps only the newest events; an evicted id is a clear error", async () => {
    const store = new SessionEventStore(2);
    const first = await store.storeEvent("a", note(1));
    await store.storeEvent("a", note(2));
    const third = await store.storeEvent("a", note(3));
    expect(store.size).toBe(2);
    expect(await store.getStreamIdForEventId(first)).toBeUndefined();
    await expect(replay(store, first)).rejects.toThrow(/Unknown or expired Last-Event-ID/);
    expect((await replay(store, third)).sent).toEqual([]);
  });

  test("drops events older than the age limit", async () => {
    const store = new SessionEventStore(100, 1_000);
    try {
      setSystemTime(new Date("2026-01-01T00:00:00Z"));
      const old = await store.storeEvent("a", note(1));
      setSystemTime(new Date("2026-01-01T00:00:02Z"));
      await store.storeEvent("a", note(2));
      expect(store.size).toBe(1);
      expect(await store.getStreamIdForEventId(old)).toBeUndefined();
    } finally {
      setSystemTime();
    }
  });
});
