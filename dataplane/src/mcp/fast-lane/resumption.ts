// Resumability of fast-lane calls, as the SDK transport offers it from protocol 2025-11-25 on: the
// call's event stream starts with a priming event whose id the client can resume from. A client that
// lost the stream sends GET with Last-Event-ID = that id and gets the call's response there, at once
// when it has arrived, else as soon as it does. The ids have a prefix of their own, so a resume the
// fast lane does not know (e.g. expired) falls through to the SDK transport, which answers 400.
import type { McpSessionState } from "../session-manager.ts";
import { CallStream } from "./responses.ts";
import type { RpcResponse } from "./rpc.ts";

export const FAST_EVENT_PREFIX = "fl_";
/** Like SessionEventStore: a client reconnects within seconds; responses must not pile up. */
const CAPACITY = 256;
const MAX_AGE_MS = 5 * 60_000;

export interface ResumableCall {
  eventId: string;
  at: number;
  /** undefined while the call runs; null when it ended without a response (cancelled). */
  response: RpcResponse | null | undefined;
  /** The stream of a client that resumed before the response arrived. */
  resumed: CallStream | null;
}

export class FastResumption {
  private readonly bySession = new WeakMap<McpSessionState, Map<string, ResumableCall>>();
  private sequence = 0;

  /** A new resumable call of the session; its eventId goes in the priming event. */
  open(session: McpSessionState): ResumableCall {
    let calls = this.bySession.get(session);
    if (!calls) {
      calls = new Map();
      this.bySession.set(session, calls);
    }
    const now = Date.now();
    // Oldest first (insertion order): drop what is past capacity or age.
    for (const [id, call] of calls) {
      if (calls.size < CAPACITY && call.at >= now - MAX_AGE_MS) break;
      calls.delete(id);
    }
    const call: ResumableCall = {
      eventId: `${FAST_EVENT_PREFIX}${++this.sequence}`,
      at: now,
      response: undefined,
      resumed: null,
    };
    calls.set(call.eventId, call);
    return call;
  }

  /** The call's outcome: kept for a later resume, and written to a resumed stream waiting for it. */
  settle(call: ResumableCall, response: RpcResponse | null): void {
    call.response = response;
    if (!call.resumed) return;
    if (response) call.resumed.write(response);
    call.resumed.end();
  }

  /** Answers GET with Last-Event-ID of a fast call; null when unknown here (the SDK path answers). */
  resume(session: McpSessionState, lastEventId: string): Response | null {
    const call = this.bySession.get(session)?.get(lastEventId);
    if (!call || call.at < Date.now() - MAX_AGE_MS) return null;
    const stream = new CallStream(session.id);
    if (call.response === undefined) {
      call.resumed?.end();
      call.resumed = stream;
    } else {
      if (call.response) stream.write(call.response);
      stream.end();
    }
    return stream.response;
  }
}
