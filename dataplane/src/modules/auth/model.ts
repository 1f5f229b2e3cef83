import { can } from "@omnimesh/db/permissions";
import type { Role } from "./jwt.ts";

/**
 * What the data plane needs to know of a credential: an api_keys row (cached by prefix), or a verified
 * access JWT of the control plane, shaped alike so the HTTP edge treats both the same way.
 */
export interface ApiKeyRecord {
  /** The api_keys id; for a JWT `jwt:<userId>` (binds sessions to the user, never written as a key id). */
  id: string;
  kind: "api_key" | "jwt";
  orgId: string;
  /** The key's public prefix; for a JWT `jwt:<kid>`. */
  prefix: string;
  keyHash: string;
  scopes: string[];
  /** Empty: every namespace of the org (always so for a JWT). */
  namespaceIds: string[];
  expiresAt: number | null;
  revokedAt: number | null;
  /** The key's creator, or the JWT's user (sub). */
  createdById: string | null;
  /** The JWT's org role; null for API keys. */
  role: Role | null;
  /** The JWT's `iat` in epoch ms (null when it has none); absent for API keys. */
  issuedAt?: number | null;
}

/** The caller of one HTTP request, once authenticated. */
export interface Principal {
  kind: "api_key" | "jwt";
  /** See ApiKeyRecord.id: `jwt:<userId>` for JWT callers. */
  apiKeyId: string;
  orgId: string;
  scopes: string[];
  namespaceIds: string[];
  userId: string | null;
  role: Role | null;
}

export const READ_ONLY_SCOPE = "mcp:read";
export const FULL_SCOPES = ["mcp:full", "admin"] as const;
export const ADMIN_SCOPE = "admin";

/**
 * Scopes a JWT's role stands for, from the shared permission matrix (prisma/src/permissions.ts): roles
 * without `mcp:call` only list and read, roles with `gateway:operate` administer. API keys carry their
 * own scopes instead.
 */
export function scopesForRole(role: Role): string[] {
  const scopes = [can(role, "mcp:call") ? "mcp:full" : READ_ONLY_SCOPE];
  if (can(role, "gateway:operate")) scopes.push(ADMIN_SCOPE);
  return scopes;
}

/** True when the key may only list and read (tools/call, prompts/get with side effects are denied). */
export function isReadOnly(principal: Principal): boolean {
  return !principal.scopes.some((scope) => (FULL_SCOPES as readonly string[]).includes(scope));
}

/** True for admin-scoped API keys and admin/owner JWTs (operator and bridge endpoints). */
export function isAdmin(principal: Pick<Principal, "scopes">): boolean {
  return principal.scopes.includes(ADMIN_SCOPE);
}

/** The api_keys id to record for a call: null when the caller used a JWT. */
export function loggedApiKeyId(principal: Pick<Principal, "kind" | "apiKeyId">): string | null {
  return principal.kind === "api_key" ? principal.apiKeyId : null;
}
