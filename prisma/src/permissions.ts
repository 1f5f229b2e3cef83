// The one permission matrix of Omnimesh: every tRPC procedure, REST route (web) and data-plane admin
// endpoint names the action it needs, and `can` answers from this table. It lives in the shared package
// so the control plane, the data plane and the UI read the same table (docs/permissions.md documents it;
// a test in each app walks it). Kept free of server imports.

export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type TRole = (typeof ROLES)[number];

const EVERYONE = ["owner", "admin", "member", "viewer"] as const;
const EDITORS = ["owner", "admin", "member"] as const;
const ADMINS = ["owner", "admin"] as const;

export const PERMISSIONS = {
  "org:read": EVERYONE,
  /** Any signed-in user, even one without an org left; the creator becomes the new org's owner. */
  "org:create": EVERYONE,
  "org:update": ADMINS,
  "org:delete": ["owner"],
  /** Leave the org yourself (never as its last owner). */
  "org:leave": EVERYONE,
  /** Change roles and remove members, never above one's own role. */
  "member:manage": ADMINS,
  /** Invite by email, resend and revoke invitations, never with a role above one's own. */
  "invite:manage": ADMINS,
  "namespace:read": EVERYONE,
  "namespace:write": EDITORS,
  "server:read": EVERYONE,
  "server:write": EDITORS,
  "virtualServer:read": EVERYONE,
  /** Compose, change and delete virtual servers: an org admin's job, like managing members. */
  "virtualServer:write": ADMINS,
  "policy:read": EVERYONE,
  /** Allow/deny rules the data plane enforces on every MCP call: an org admin's job. */
  "policy:write": ADMINS,
  "rateLimit:read": EVERYONE,
  "rateLimit:write": ADMINS,
  "apiKey:read": EVERYONE,
  /** Create keys; rename, rotate and revoke the keys one created. */
  "apiKey:write": EDITORS,
  /** Create keys with the "admin" scope; rename, rotate and revoke anyone's key. */
  "apiKey:manage": ADMINS,
  "logs:read": EVERYONE,
  "audit:read": ADMINS,
  /**
   * Data plane, with an access JWT: tools/call and prompts/get through the gateway (listing and reading
   * need only membership). An API key's own scopes decide instead (mcp:read / mcp:full).
   */
  "mcp:call": EDITORS,
  /** Data plane: operator endpoints (/mcp/status, broadcasts, …) and the stdio bridge. Keys: "admin" scope. */
  "gateway:operate": ADMINS,
} as const satisfies Record<string, readonly TRole[]>;

export type TPermission = keyof typeof PERMISSIONS;

/** Actions only the data plane enforces (walked by dataplane/src/modules/auth/permission-matrix.test.ts). */
export const DATAPLANE_ACTIONS = ["mcp:call", "gateway:operate"] as const satisfies readonly TPermission[];

export function can(role: TRole, permission: TPermission): boolean {
  return (PERMISSIONS[permission] as readonly TRole[]).includes(role);
}

/**
 * The role ceiling: a manager may grant, change or remove only roles at or below their own (`ROLES` is
 * ordered from highest to lowest), so an admin can never make or unmake an owner.
 */
export function canGrant(actorRole: TRole, role: TRole): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(actorRole);
}
