// The one permission matrix: every tRPC procedure and REST route names the action it needs, and
// `can` answers from this table. Kept free of server imports so the UI can hide what a role cannot do.

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
} as const satisfies Record<string, readonly TRole[]>;

export type TPermission = keyof typeof PERMISSIONS;

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
