// The stateless protocol revision 2026-07-28: no initialize, no Mcp-Session-Id; every request carries
// its protocol version and client capabilities in `_meta`, and results carry `resultType` (plus cache
// hints on cacheable results). Older revisions keep the session behaviour.
import { AppError } from "../../lib/app-error.ts";

export const MODERN_PROTOCOL_VERSION = "2026-07-28";
export const MODERN_PROTOCOL_VERSIONS = [MODERN_PROTOCOL_VERSION] as const;

export const META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
export const META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
export const META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
export const META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";

/** Error codes the revision adds (the SDK v2's ProtocolErrorCode). */
export const HEADER_MISMATCH = -32020;
export const UNSUPPORTED_PROTOCOL_VERSION = -32022;

/** An AppError whose JSON-RPC code is one the revision defines (HTTP status from the AppError code). */
export class ProtocolVersionError extends AppError {
  constructor(
    private readonly revisionCode: number,
    message: string,
    data?: unknown,
  ) {
    super("BAD_REQUEST", message, { data });
  }

  override get rpcCode(): number {
    return this.revisionCode;
  }
}

/** Results a client may cache; the revision requires `ttlMs` and `cacheScope` on them. */
const CACHEABLE = new Set([
  "tools/list",
  "prompts/list",
  "resources/list",
  "resources/templates/list",
  "resources/read",
  "server/discover",
]);

function metaOf(message: unknown): Record<string, unknown> | undefined {
  const params = (message as { params?: { _meta?: unknown } } | null)?.params;
  const meta = params?._meta;
  return meta && typeof meta === "object" && !Array.isArray(meta) ? (meta as Record<string, unknown>) : undefined;
}

/** The protocol version a message declares in `_meta`, if any. */
export function declaredVersion(message: unknown): string | undefined {
  const version = metaOf(message)?.[META_PROTOCOL_VERSION];
  return typeof version === "string" ? version : undefined;
}

/** True when the request (header or body) selects the stateless revision or a later one. */
export function isModernRequest(message: unknown, headerVersion: string | null): boolean {
  const version = declaredVersion(message) ?? headerVersion;
  return version !== undefined && version !== null && version >= MODERN_PROTOCOL_VERSION;
}

/**
 * Validates the per-request envelope of a stateless request: the header and the body agree, the
 * version is one we serve, and the required keys are present. Throws an AppError carrying the
 * revision's error code.
 */
export function checkModernEnvelope(message: unknown, headerVersion: string | null): void {
  const meta = metaOf(message);
  const version = meta?.[META_PROTOCOL_VERSION];
  const isRequest = (message as { id?: unknown }).id !== undefined;
  if (headerVersion && typeof version === "string" && version !== headerVersion) {
    throw new ProtocolVersionError(
      HEADER_MISMATCH,
      `Header mismatch: MCP-Protocol-Version is ${headerVersion} but _meta declares ${version}`,
    );
  }
  const requested = typeof version === "string" ? version : (headerVersion ?? undefined);
  if (!requested || !(MODERN_PROTOCOL_VERSIONS as readonly string[]).includes(requested)) {
    throw new ProtocolVersionError(UNSUPPORTED_PROTOCOL_VERSION, `Unsupported protocol version: ${String(requested)}`, {
      supported: [...MODERN_PROTOCOL_VERSIONS],
      requested: requested ?? null,
    });
  }
  if (!isRequest) return;
  if (typeof version !== "string") {
    throw new AppError("INVALID_PARAMS", `Invalid params: _meta["${META_PROTOCOL_VERSION}"] is required`);
  }
  const capabilities = meta?.[META_CLIENT_CAPABILITIES];
  if (!capabilities || typeof capabilities !== "object" || Array.isArray(capabilities)) {
    throw new AppError("INVALID_PARAMS", `Invalid params: _meta["${META_CLIENT_CAPABILITIES}"] must be an object`);
  }
}

/** The request's params without the envelope keys, which mean nothing to (legacy) upstreams. */
export function stripEnvelope(params: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const meta = params?._meta as Record<string, unknown> | undefined;
  if (!meta || typeof meta !== "object") return params;
  // Plain loops: rest destructuring with computed keys (copyDataProperties) showed in the per-call profile.
  let rest: Record<string, unknown> | undefined;
  for (const key in meta) {
    if (key === META_PROTOCOL_VERSION || key === META_CLIENT_CAPABILITIES || key === META_CLIENT_INFO) continue;
    rest ??= {};
    rest[key] = meta[key];
  }
  const others: Record<string, unknown> = {};
  for (const key in params) if (key !== "_meta") others[key] = params[key];
  if (rest) others._meta = rest;
  return others;
}

/**
 * A result as the revision requires it: `resultType`, cache hints on cacheable methods (private and
 * not cached: what a caller sees depends on its key's policies), and the server's identity in `_meta`.
 */
export function modernResult(
  method: string,
  result: Record<string, unknown>,
  serverInfo: { name: string; version: string },
): Record<string, unknown> {
  const meta = (result._meta as Record<string, unknown> | undefined) ?? {};
  return {
    ...result,
    resultType: "complete",
    ...(CACHEABLE.has(method) ? { ttlMs: 0, cacheScope: "private" } : {}),
    _meta: { ...meta, [META_SERVER_INFO]: serverInfo },
  };
}
