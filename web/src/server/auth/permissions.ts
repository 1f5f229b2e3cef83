// The one permission matrix: every tRPC procedure and REST route names the action it needs, and
// `can` answers from this table. Kept free of server imports so the UI can hide what a role cannot do.

export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type TRole = (typeof ROLES)[number];

const EVERYONE = ["owner", "admin", "member", "viewer"] as const;
const EDITORS = ["owner", "admin", "member"] as const;
const ADMINS = ["owner", "admin"] as const;

export const PERMISSIONS = {
  "org:read": EVERYONE,
  "org:update": ADMINS,
  "org:delete": ["owner"],
  "member:manage": ADMINS,
  "namespace:read": EVERYONE,
  "namespace:write": EDITORS,
  "server:read": EVERYONE,
  "server:write": EDITORS,
  "apiKey:read": EVERYONE,
  /** Create keys and revoke one's own. */
  "apiKey:write": EDITORS,
  /** Create keys with the "admin" scope and revoke anyone's key. */
  "apiKey:manage": ADMINS,
  "logs:read": EVERYONE,
  "audit:read": ADMINS,
} as const satisfies Record<string, readonly TRole[]>;

export type TPermission = keyof typeof PERMISSIONS;

export function can(role: TRole, permission: TPermission): boolean {
  return (PERMISSIONS[permission] as readonly TRole[]).includes(role);
}
