// Display helpers for API keys, shared by the table and the form.

export type TScopeLevel = "mcp:read" | "mcp:full" | "admin";

export const SCOPE_LEVELS: { value: TScopeLevel; label: string; hint: string }[] = [
  { value: "mcp:read", label: "Read-only", hint: "List and read; no tools/call" },
  { value: "mcp:full", label: "Full", hint: "List and call tools" },
  { value: "admin", label: "Admin", hint: "Full MCP access and the REST admin API" },
];

export function scopeLabel(scopes: string[]): string {
  if (scopes.includes("admin")) return "Admin";
  if (scopes.includes("mcp:full")) return "Full";
  if (scopes.includes("mcp:read")) return "Read-only";
  return scopes.join(", ");
}

export function namespacesLabel(namespaceIds: string[], names: Map<string, string>): string {
  if (namespaceIds.length === 0) return "All namespaces";
  return namespaceIds.map((id) => names.get(id) ?? "(deleted namespace)").join(", ");
}

export function keyStatus(key: { revokedAt: Date | null; expiresAt: Date | null }): "Active" | "Revoked" | "Expired" {
  if (key.revokedAt) return "Revoked";
  if (key.expiresAt && key.expiresAt <= new Date()) return "Expired";
  return "Active";
}
