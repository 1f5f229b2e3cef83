// Resumability for Streamable HTTP sessions: every SSE event the session's transport writes is kept
// here (in memory, per session, bounded) so a client that lost its stream can reconnect with
// Last-Event-ID and receive what it missed. Only the newest `capacity` events of the last `maxAgeMs`
// are kept (a client reconnects within seconds; responses must not pile up for the session's whole
// life): a client that was away longer gets a clear error instead of a silent gap.
import type { EventStore } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { AppError } from "../lib/app-error.ts";

interface StoredEvent {
  id: string;
  streamId: string;
  message: JSONRPCMessage;
  at: number;
}

export class SessionEventStore implements EventStore {
  private readonly events: StoredEvent[] = [];
  private readonly byId = new Map<string, StoredEvent>();
  private sequence = 0;

  constructor(
    private readonly capacity = 1_000,
    private readonly maxAgeMs = 5 * 60_000,
  ) {}

  get size(): number {
    return this.events.length;
  }

  async storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    // The stream id is part of the event id, so a resume finds its stream even after eviction.
    const now = Date.now();
    const event = { id: `${streamId}_${++this.sequence}`, streamId, message, at: now };
    this.events.push(event);
    this.byId.set(event.id, event);
    while (this.events.length > this.capacity || this.events[0]!.at < now - this.maxAgeMs) {
      this.byId.delete(this.events.shift()!.id);
    }
    return event.id;
  }

  async getStreamIdForEventId(eventId: string): Promise<string | undefined> {
    return this.byId.get(eventId)?.streamId;
  }

  async replayEventsAfter(
    lastEventId: string,
    { send }: { send: (eventId: string, message: JSONRPCMessage) => Promise<void> },
  ): Promise<string> {
    const last = this.byId.get(lastEventId);
    if (!last) throw new AppError("BAD_REQUEST", `Unknown or expired Last-Event-ID "${lastEventId}"`);
    const start = this.events.indexOf(last) + 1;
    for (const event of this.events.slice(start)) {
      // Priming events (empty messages) only carry an id; there is nothing to resend.
      if (event.streamId === last.streamId && Object.keys(event.message).length > 0)
        await send(event.id, event.message);
    }
    return last.streamId;
  }
}
