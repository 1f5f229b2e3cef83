// One stateless multi-round-trip call (2026-07-28): the upstream request stays alive here between the
// client's HTTP legs. Each leg waits for the next thing the client must hear — the upstream's
// server→client requests (→ `input_required`), its result, or its error — and a retry's answers go back
// upstream as the answers to those requests.
// Exactly one timer runs at any time, so a call can never hang:
//   - while a leg is attached, the server's own timeout (`timeoutMs`, fresh per leg), because the
//     gateway is waiting on the upstream;
//   - while no leg is attached, the TTL, because the gateway is waiting on the client (a human may be
//     answering an elicitation). On expiry the upstream call is cancelled and its requests rejected.
// The upstream request itself carries no timeout of its own (the SDK's would count the client's
// thinking time); the continuation's AbortController, not a leg's signal, cancels it.
import { type ClientCapabilities, ErrorCode, type JSONRPCRequest, McpError } from "@modelcontextprotocol/sdk/types.js";
import { AppError } from "../../lib/app-error.ts";
import type { ServerConfig } from "../../modules/routing/model.ts";
import { type InputRequest, isBareResponse, toInputRequest } from "./input-wire.ts";

/** What one leg answers. */
export type LegAnswer =
  | { kind: "input_required"; inputRequests: Record<string, InputRequest>; requestState: string }
  | { kind: "complete"; result: Record<string, unknown> };

/** Who may continue a call: a retry must match every field. */
export interface ContinuationIdentity {
  /** Principal.apiKeyId (`jwt:<user>` for access JWTs). */
  credential: string;
  /** Namespace, per-server or virtual endpoint. */
  route: string;
  method: string;
  /** Canonical tool/prompt name, or the resource URI. */
  target: string | null;
}

export interface ContinuationHooks {
  ttlMs: number;
  /** A fresh requestState for the leg about to answer `input_required` (the previous one is void). */
  issueToken(continuation: Continuation): string;
  /** The upstream call settled or was abandoned: its connection is free (`reusable`) or must close. */
  released(continuation: Continuation, reusable: boolean): void;
  /** Nothing more will happen: forget the call. */
  ended(continuation: Continuation): void;
}

interface PendingInput {
  request: InputRequest;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

type Outcome = { result: Record<string, unknown> } | { error: unknown };

interface Leg {
  resolve: (answer: LegAnswer) => void;
  reject: (error: unknown) => void;
  detach: () => void;
  /** The leg's own progress stream (its token applied), if it asked for progress. */
  progress: ((update: Record<string, unknown>) => void) | null;
}

export class Continuation {
  private readonly controller = new AbortController();
  /** The upstream server, once the aggregator routed the call (shared-stdio inference, timeout). */
  server: ServerConfig | null = null;
  private outcome: Outcome | null = null;
  /** Server→client requests of the upstream call waiting for the client's answer, by input key. */
  private readonly waiting = new Map<string, PendingInput>();
  private keys = 0;
  private leg: Leg | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private coalescing = false;
  /** Set when the upstream call was cut short or left requests unanswered: its connection is not reused. */
  private dirty = false;
  private released = false;
  private done = false;

  constructor(
    readonly identity: ContinuationIdentity,
    readonly capabilities: ClientCapabilities,
    private readonly hooks: ContinuationHooks,
  ) {}

  /** True while the upstream call runs (server→client requests of its server may be its own). */
  get inFlight(): boolean {
    return this.outcome === null;
  }

  declares(capability: keyof ClientCapabilities): boolean {
    return Boolean(this.capabilities[capability]);
  }

  /** Starts the upstream call. */
  start(run: (signal: AbortSignal) => Promise<unknown>): void {
    run(this.controller.signal).then(
      (result) => this.settle({ result: result as Record<string, unknown> }),
      (error: unknown) => this.settle({ error }),
    );
  }

  /** The aggregator routed the call to `server`. */
  routed(server: ServerConfig): void {
    this.server = server;
    if (this.leg) this.armBudget();
  }

  /** A server→client request of this call: answered by the client's next retry. */
  ask(request: JSONRPCRequest, signal: AbortSignal): Promise<unknown> {
    if (!this.inFlight || this.done) {
      return Promise.reject(new McpError(ErrorCode.InvalidRequest, "The call this request belongs to has ended"));
    }
    const key = `input-${++this.keys}`;
    return new Promise((resolve, reject) => {
      this.waiting.set(key, { request: toInputRequest(request), resolve, reject });
      // The upstream gave up on it (its own timeout or cancellation): nothing to ask any more.
      signal.addEventListener(
        "abort",
        () => {
          if (this.waiting.delete(key)) reject(new McpError(ErrorCode.RequestTimeout, "Cancelled by the server"));
        },
        { once: true },
      );
      this.wake();
    });
  }

  /** Throws (the retry's -32602) when an answer is not a bare result object; nothing is consumed then. */
  checkResponses(responses: unknown): void {
    if (responses === undefined) return;
    if (responses === null || typeof responses !== "object" || Array.isArray(responses)) {
      throw new AppError("INVALID_PARAMS", "Invalid params: inputResponses must be an object keyed by input request");
    }
    for (const [key, value] of Object.entries(responses)) {
      if (this.waiting.has(key) && !isBareResponse(value)) {
        throw new AppError(
          "INVALID_PARAMS",
          `Invalid params: inputResponses["${key}"] must be the bare result object of the input request`,
        );
      }
    }
  }

  /**
   * A retry's answers go upstream. Keys it does not answer stay waiting and are asked again in the
   * next `input_required` (as an SDK v2 server re-issues dropped keys); unknown keys are ignored.
   */
  answer(responses: unknown): void {
    if (!responses || typeof responses !== "object") return;
    for (const [key, value] of Object.entries(responses as Record<string, unknown>)) {
      const pending = this.waiting.get(key);
      if (!pending) continue;
      this.waiting.delete(key);
      pending.resolve(value);
    }
  }

  /**
   * One leg: resolves with the next `input_required` or the final result, rejects with the upstream's
   * error. The leg's signal (the HTTP request's) cancels the call only while the leg waits.
   */
  wait(signal?: AbortSignal, progress: ((update: Record<string, unknown>) => void) | null = null): Promise<LegAnswer> {
    if (this.done) return Promise.reject(unknownState());
    this.clearTimer();
    return new Promise<LegAnswer>((resolve, reject) => {
      const onAbort = () => this.abandon("the client went away");
      signal?.addEventListener("abort", onAbort, { once: true });
      this.leg = { resolve, reject, progress, detach: () => signal?.removeEventListener("abort", onAbort) };
      this.armBudget();
      if (signal?.aborted) onAbort();
      else this.wake();
    });
  }

  /**
   * The upstream's progress on the call: to the attached leg's stream, under that leg's token. Between
   * legs there is no stream to carry it; the next leg's own progress follows.
   */
  progress(update: Record<string, unknown>): void {
    const leg = this.leg;
    if (leg?.progress) leg.progress(update);
    // Progress means the upstream is working: the leg's budget starts again (as resetTimeoutOnProgress).
    if (leg && !this.outcome) this.armBudget();
  }

  /** Ends the call whatever its state: the upstream call is cancelled, its requests rejected. */
  abandon(reason: string): void {
    if (this.done) return;
    this.outcome ??= { error: new AppError("INVALID_PARAMS", reason) };
    this.dirty = true;
    this.controller.abort(reason);
    this.finish();
  }

  private settle(outcome: Outcome): void {
    if (this.outcome) return;
    this.outcome = outcome;
    // Late requests of a finished call would otherwise wait forever upstream.
    if (this.waiting.size > 0) this.dirty = true;
    this.rejectWaiting("The call this request belongs to has ended");
    this.release();
    if (this.leg) this.wake();
    else this.armTtl();
  }

  /** Hands the attached leg what is due; several requests arriving together share one input_required. */
  private wake(): void {
    if (!this.leg || this.done) return;
    if (this.outcome) {
      this.deliverOutcome();
      return;
    }
    if (this.waiting.size === 0 || this.coalescing) return;
    this.coalescing = true;
    // A timer, not setImmediate: requests the upstream sent together may come in separate reads
    // (measured: with setImmediate, one test run in five split them; the timer costs ~1 ms per leg).
    setTimeout(() => {
      this.coalescing = false;
      if (!this.leg || this.done) return;
      if (this.outcome) this.deliverOutcome();
      else if (this.waiting.size > 0) this.deliverInputRequired();
    }, 0);
  }

  private deliverInputRequired(): void {
    const leg = this.detachLeg();
    const inputRequests: Record<string, InputRequest> = {};
    for (const [key, pending] of this.waiting) inputRequests[key] = pending.request;
    leg.resolve({ kind: "input_required", inputRequests, requestState: this.hooks.issueToken(this) });
    this.armTtl();
  }

  private deliverOutcome(): void {
    const leg = this.detachLeg();
    const outcome = this.outcome!;
    this.finish();
    if ("result" in outcome) leg.resolve({ kind: "complete", result: outcome.result });
    else leg.reject(outcome.error);
  }

  private detachLeg(): Leg {
    const leg = this.leg!;
    this.leg = null;
    leg.detach();
    this.clearTimer();
    return leg;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.clearTimer();
    this.rejectWaiting("The client's multi-round-trip request ended");
    this.release();
    if (this.leg) {
      const leg = this.leg;
      this.leg = null;
      leg.detach();
      leg.reject((this.outcome as { error?: unknown } | null)?.error ?? unknownState());
    }
    this.hooks.ended(this);
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.hooks.released(this, !this.dirty);
  }

  private rejectWaiting(message: string): void {
    for (const pending of this.waiting.values()) pending.reject(new McpError(ErrorCode.InvalidRequest, message));
    this.waiting.clear();
  }

  /** While a leg waits on the upstream: the server's timeout, fresh per leg. */
  private armBudget(): void {
    this.clearTimer();
    if (!this.server || this.outcome) return;
    const { name, timeoutMs } = this.server;
    this.timer = setTimeout(() => {
      if (this.outcome || !this.leg) return;
      this.dirty = true;
      this.settle({
        error: new AppError("UPSTREAM_TIMEOUT", `Upstream server "${name}" did not answer within ${timeoutMs} ms`, {
          data: { server: name },
        }),
      });
      this.controller.abort("timed out");
    }, timeoutMs);
    this.timer.unref?.();
  }

  /** While the gateway waits on the client: the TTL, then the call is abandoned. */
  private armTtl(): void {
    this.clearTimer();
    if (this.done) return;
    this.timer = setTimeout(() => this.abandon("the requestState expired"), this.hooks.ttlMs);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The answer to a retry whose requestState the gateway cannot continue (-32602). */
export function unknownState(): AppError {
  return new AppError(
    "INVALID_PARAMS",
    "Invalid params: requestState is unknown or expired; retry the original request without requestState and inputResponses",
  );
}
