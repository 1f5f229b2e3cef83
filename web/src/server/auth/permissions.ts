// The permission matrix is shared with the data plane: see prisma/src/permissions.ts. Re-exported here
// so web code (and the UI, which hides what a role cannot do) keeps one import path.
export {
  can,
  canGrant,
  PERMISSIONS,
  ROLES,
  type TPermission,
  type TRole,
} from "@omnimesh/db/permissions";
