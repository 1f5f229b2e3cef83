// Multi-round-trip requests of the stateless revision 2026-07-28 (docs/architecture.md, "Protocol
// semantics"): a stateless client that declares sampling, elicitation or roots reaches a legacy
// upstream's server→client requests through `input_required` results and retries.
//   - Such a call runs on an upstream session that advertises the client's capabilities and carries
//     only that call: leased from the pool under a pseudo owner ("stateless:<n>"), returned to a small
//     free list per (server, capabilities) when the call ends cleanly. The pool's idle sweep closes
//     leased HTTP sessions like per-session ones; isolated servers' leases are closed here when idle.
//     A non-isolated stdio server keeps its one shared process: the call counts as in flight there,
//     next to sessions, for shared-requests.ts.
//   - A requestState is an unguessable token bound to the credential, route, method and target; it
//     is good for one retry (each `input_required` carries a fresh one). Continuations live in this
//     process's memory: behind a load balancer retries must reach the same data plane.
import { randomBytes } from "node:crypto";
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import type { ServerConfig } from "../../modules/routing/model.ts";
import type { NamespaceAggregator } from "../aggregator.ts";
import type { McpCall } from "../chain.ts";
import type { StatelessInputCalls } from "../server-requests.ts";
import type { UpstreamPool } from "../upstreams/upstream-pool.ts";
import type { CallLog } from "./call-logs.ts";
import { Continuation, type ContinuationIdentity, type LegAnswer, unknownState } from "./continuation.ts";
import { declaredInputCapabilities, INPUT_REQUIRED_METHODS } from "./input-wire.ts";

const LEASE_PREFIX = "stateless:";
/** The SDK client's own timeout is off for these calls (Continuation keeps time); setTimeout's maximum. */
const NO_SDK_TIMEOUT_MS = 2 ** 31 - 1;
/** A connection whose call was cut short closes after this, so the cancellation reaches the upstream. */
const CLOSE_GRACE_MS = 5_000;

export interface InputRequiredDeps {
  aggregator: NamespaceAggregator;
  upstreams: UpstreamPool;
  /** How long a continuation waits for the client's retry (OMNIMESH_INPUT_REQUIRED_TTL_MS). */
  ttlMs: number;
}

interface Lease {
  key: string;
  owner: string;
  isolated: boolean;
}

interface FreeLease {
  owner: string;
  idle: ReturnType<typeof setTimeout> | null;
}

/** Results this module produced: the dispatcher sends them as they are (no `resultType: "complete"`). */
const issued = new WeakSet<object>();

export function isInputRequiredResult(result: object): boolean {
  return issued.has(result);
}

export class InputRequiredCalls implements StatelessInputCalls {
  private readonly tokens = new Map<string, Continuation>();
  /** The one token of each continuation between legs (a retry consumes it). */
  private readonly tokenOf = new Map<Continuation, string>();
  private readonly live = new Set<Continuation>();
  private readonly leases = new Map<Continuation, Lease>();
  private readonly byOwner = new Map<string, Continuation>();
  private readonly free = new Map<string, FreeLease[]>();
  private counter = 0;

  constructor(private readonly deps: InputRequiredDeps) {}

  /** Calls between legs or in flight (operators, tests). */
  get size(): number {
    return this.live.size;
  }

  /**
   * The answer to a stateless (modern) request that needs the multi-round-trip machinery, or null
   * for the ordinary path: a method that may answer input_required, and either a retry (requestState)
   * or a client that declared sampling, elicitation or roots.
   */
  claim(
    call: McpCall,
    signal?: AbortSignal,
    sendProgress?: ProgressSink,
    callLog?: CallLog,
  ): Promise<Record<string, unknown>> | null {
    if (!INPUT_REQUIRED_METHODS.has(call.method)) return null;
    // The raw params: the dispatcher stripped the retry fields from call.params.
    const raw = (call.message as { params?: Record<string, unknown> }).params;
    const progress = legProgress(call, sendProgress);
    if (raw?.requestState !== undefined) {
      return this.resume(call, raw.requestState, raw.inputResponses, signal, progress);
    }
    const capabilities = declaredInputCapabilities(call.message);
    return capabilities ? this.begin(call, capabilities, signal, progress, callLog) : null;
  }

  private begin(
    call: McpCall,
    capabilities: ClientCapabilities,
    signal: AbortSignal | undefined,
    progress: ProgressSink | null,
    callLog: CallLog | undefined,
  ): Promise<Record<string, unknown>> {
    const continuation = new Continuation(identityOf(call), capabilities, {
      ttlMs: this.deps.ttlMs,
      issueToken: (c) => this.issueToken(c),
      released: (c, reusable) => this.release(c, reusable),
      ended: (c) => this.forget(c),
    });
    this.live.add(continuation);
    // The upstream call always asks for progress (under a token of the gateway's when the first leg has
    // none): each leg gets it under its own token, if it asked for any (Continuation.progress).
    const meta = (call.params?._meta ?? {}) as Record<string, unknown>;
    const params =
      meta.progressToken === undefined
        ? { ...call.params, _meta: { ...meta, progressToken: `omnimesh-mrtr-${++this.counter}` } }
        : call.params;
    continuation.start((upstreamSignal) =>
      this.deps.aggregator.handle(call.method, params, {
        route: call.route,
        sessionId: null,
        signal: upstreamSignal,
        capabilities,
        timeoutMs: NO_SDK_TIMEOUT_MS,
        ownerFor: (server) => this.lease(continuation, server),
        sendProgress: (update) => continuation.progress(update),
        callLog,
      }),
    );
    return continuation.wait(signal, progress).then(toWire);
  }

  private async resume(
    call: McpCall,
    requestState: unknown,
    responses: unknown,
    signal: AbortSignal | undefined,
    progress: ProgressSink | null,
  ): Promise<Record<string, unknown>> {
    const continuation = typeof requestState === "string" ? this.tokens.get(requestState) : undefined;
    // Another key, route, method or target gets the same answer as a made-up token: nothing to learn.
    if (!continuation || !sameIdentity(continuation.identity, identityOf(call))) throw unknownState();
    continuation.checkResponses(responses);
    this.tokens.delete(requestState as string);
    this.tokenOf.delete(continuation);
    continuation.answer(responses);
    return toWire(await continuation.wait(signal, progress));
  }

  // --- StatelessInputCalls: the view server-requests.ts routes server→client requests with ---

  leaseHolder(owner: string): Continuation | null | undefined {
    if (!owner.startsWith(LEASE_PREFIX)) return undefined;
    const holder = this.byOwner.get(owner);
    return holder?.inFlight ? holder : null;
  }

  *inFlightOn(serverId: string): Iterable<Continuation> {
    for (const continuation of this.live) {
      if (continuation.inFlight && continuation.server?.id === serverId && !this.leases.has(continuation)) {
        yield continuation;
      }
    }
  }

  // --- requestState tokens ---

  private issueToken(continuation: Continuation): string {
    const previous = this.tokenOf.get(continuation);
    if (previous) this.tokens.delete(previous);
    const token = randomBytes(24).toString("base64url");
    this.tokens.set(token, continuation);
    this.tokenOf.set(continuation, token);
    return token;
  }

  private forget(continuation: Continuation): void {
    this.live.delete(continuation);
    const token = this.tokenOf.get(continuation);
    if (token) this.tokens.delete(token);
    this.tokenOf.delete(continuation);
  }

  // --- leases ---

  /** The pool owner id the call's connection is keyed by: a lease, or null for the shared stdio process. */
  private lease(continuation: Continuation, server: ServerConfig): string | null {
    continuation.routed(server);
    if (server.transport === "stdio" && !server.isolated) return null;
    const existing = this.leases.get(continuation);
    if (existing) return existing.owner;
    const key = `${server.id}|${JSON.stringify(continuation.capabilities)}`;
    const reused = this.free.get(key)?.pop();
    if (reused?.idle) clearTimeout(reused.idle);
    const owner = reused?.owner ?? `${LEASE_PREFIX}${++this.counter}`;
    this.leases.set(continuation, { key, owner, isolated: server.isolated });
    this.byOwner.set(owner, continuation);
    return owner;
  }

  private release(continuation: Continuation, reusable: boolean): void {
    const lease = this.leases.get(continuation);
    if (!lease) return;
    this.leases.delete(continuation);
    this.byOwner.delete(lease.owner);
    if (!reusable) {
      // Late messages of the abandoned call must never reach the next one: this session is done.
      setTimeout(() => void this.deps.upstreams.closeSession(lease.owner), CLOSE_GRACE_MS).unref?.();
      return;
    }
    const entry: FreeLease = { owner: lease.owner, idle: null };
    // The pool's sweep leaves isolated servers' connections alone (their state is a session's): close here.
    if (lease.isolated) {
      entry.idle = setTimeout(() => {
        const list = this.free.get(lease.key);
        const at = list?.indexOf(entry) ?? -1;
        if (at >= 0) list!.splice(at, 1);
        void this.deps.upstreams.closeSession(lease.owner);
      }, this.deps.upstreams.ownedIdleMs);
      entry.idle.unref?.();
    }
    const list = this.free.get(lease.key);
    if (list) list.push(entry);
    else this.free.set(lease.key, [entry]);
  }
}

type ProgressSink = (params: Record<string, unknown>) => void;

/** Where this leg's progress goes, under the leg's own token; null when it asked for none or has no stream. */
function legProgress(call: McpCall, sendProgress: ProgressSink | undefined): ProgressSink | null {
  const token = (call.params?._meta as { progressToken?: unknown } | undefined)?.progressToken;
  if (!sendProgress || (typeof token !== "string" && typeof token !== "number")) return null;
  return (update) => sendProgress({ ...update, progressToken: token });
}

function identityOf(call: McpCall): ContinuationIdentity {
  const { route } = call;
  const uri = call.method === "resources/read" ? call.params?.uri : undefined;
  return {
    credential: call.principal.apiKeyId,
    route: `${route.namespaceId}|${route.singleServer?.id ?? ""}|${route.virtual?.id ?? ""}`,
    method: call.method,
    target: call.toolName ?? (typeof uri === "string" ? uri : null),
  };
}

function sameIdentity(a: ContinuationIdentity, b: ContinuationIdentity): boolean {
  return a.credential === b.credential && a.route === b.route && a.method === b.method && a.target === b.target;
}

function toWire(answer: LegAnswer): Record<string, unknown> {
  if (answer.kind === "complete") return answer.result;
  const result = {
    resultType: "input_required",
    inputRequests: answer.inputRequests,
    requestState: answer.requestState,
  };
  issued.add(result);
  return result;
}
