import type { TRateLimitScope } from "@omnimesh/db/policy-conditions";

/** How each scope counts, and what its optional target narrows (see rateLimitKey in the data plane). */
export const SCOPE_HELP: Record<TRateLimitScope, { label: string; target: string | null }> = {
  org: { label: "the whole organization (one counter)", target: null },
  namespace: { label: "each namespace", target: null },
  api_key: { label: "each API key", target: "Only this API key" },
  user: { label: "each signed-in user", target: "Only this member" },
  ip: { label: "each client IP", target: "Only this IP address" },
  tool: { label: "each tool (tools/call only)", target: "Only tools matching this name or glob, e.g. demo__*" },
};
