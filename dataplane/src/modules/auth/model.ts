/** What the data plane needs of an api_keys row, cached by prefix. */
export interface ApiKeyRecord {
  id: string;
  orgId: string;
  prefix: string;
  keyHash: string;
  scopes: string[];
  /** Empty: every namespace of the org. */
  namespaceIds: string[];
  expiresAt: number | null;
  revokedAt: number | null;
  createdById: string | null;
}

/** The caller of one HTTP request, once authenticated. */
export interface Principal {
  apiKeyId: string;
  orgId: string;
  scopes: string[];
  namespaceIds: string[];
  userId: string | null;
}

export const READ_ONLY_SCOPE = "mcp:read";
export const FULL_SCOPES = ["mcp:full", "admin"] as const;

/** True when the key may only list and read (tools/call, prompts/get with side effects are denied). */
export function isReadOnly(principal: Principal): boolean {
  return !principal.scopes.some((scope) => (FULL_SCOPES as readonly string[]).includes(scope));
}
