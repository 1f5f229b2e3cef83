// The wire vocabulary of multi-round-trip requests (protocol revision 2026-07-28): which requests
// may answer `input_required`, the retry fields a client adds, and how a legacy upstream's
// server→client request becomes an embedded input request (and the client's bare answer goes back).
import type { ClientCapabilities, JSONRPCRequest } from "@modelcontextprotocol/sdk/types.js";
import { META_CLIENT_CAPABILITIES } from "../client-transports/protocol-2026.ts";

/** The request methods whose results may be `input_required` on 2026-07-28 (the SDK v2's list). */
export const INPUT_REQUIRED_METHODS: ReadonlySet<string> = new Set(["tools/call", "prompts/get", "resources/read"]);

/** The client capability each embedded request needs (the legacy server→client requests). */
export const INPUT_CAPABILITIES: Readonly<Record<string, keyof ClientCapabilities>> = {
  "sampling/createMessage": "sampling",
  "elicitation/create": "elicitation",
  "roots/list": "roots",
};

/** An embedded input request as the client sees it: no JSON-RPC id, no upstream-only fields. */
export interface InputRequest {
  method: string;
  params?: Record<string, unknown>;
}

/**
 * The params without the retry fields, which mean nothing to a legacy upstream. Two property
 * checks and no allocation when they are absent: this runs on every stateless call (fast lane too).
 */
export function withoutRetryFields(params: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!params || (params.requestState === undefined && params.inputResponses === undefined)) return params;
  const { requestState: _state, inputResponses: _responses, ...rest } = params;
  return rest;
}

/**
 * The sampling / elicitation / roots capabilities the request's `_meta` declares; undefined when none
 * (the caller then takes the ordinary path). Cheap: three property reads.
 */
export function declaredInputCapabilities(message: unknown): ClientCapabilities | undefined {
  const meta = (message as { params?: { _meta?: Record<string, unknown> } } | null)?.params?._meta;
  const declared = meta?.[META_CLIENT_CAPABILITIES] as ClientCapabilities | undefined;
  if (!declared || typeof declared !== "object") return undefined;
  const { sampling, elicitation, roots } = declared;
  if (!sampling && !elicitation && !roots) return undefined;
  return {
    ...(sampling ? { sampling } : {}),
    ...(elicitation ? { elicitation } : {}),
    ...(roots ? { roots } : {}),
  };
}

/**
 * An upstream's server→client request in the 2026-07-28 embedded shape: method and params only.
 * Dropped: `_meta.progressToken` and protocol keys of the upstream session (the client cannot report
 * progress on an embedded request), `task` (no task augmentation on this revision) and, for URL-mode
 * elicitation, `elicitationId` (the revision removed it with notifications/elicitation/complete).
 */
export function toInputRequest(request: JSONRPCRequest): InputRequest {
  const params = request.params as Record<string, unknown> | undefined;
  if (!params) return { method: request.method };
  const { _meta, task: _task, ...rest } = params;
  if (request.method === "elicitation/create" && rest.mode === "url") delete rest.elicitationId;
  const meta = upstreamMetaDropped(_meta);
  return { method: request.method, params: meta ? { ...rest, _meta: meta } : rest };
}

function upstreamMetaDropped(meta: unknown): Record<string, unknown> | undefined {
  if (!meta || typeof meta !== "object" || Array.isArray(meta)) return undefined;
  const kept = Object.entries(meta).filter(
    ([key]) => key !== "progressToken" && !key.startsWith("io.modelcontextprotocol/"),
  );
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/**
 * A client's answer to one embedded request, as the upstream gets it: the bare result object. The
 * `{ method, result }` wrapper some peers send is not a response (the SDK v2 drops it the same way).
 */
export function isBareResponse(value: unknown): value is Record<string, unknown> {
  return (
    value !== null && typeof value === "object" && !Array.isArray(value) && !("method" in value) && !("result" in value)
  );
}
