import "server-only";
import type { TDb } from "~/server/db";
import { AppError } from "~/server/errors/app-error";

/**
 * Throws when `userId` is the org's only owner. Locks the owner rows first, so two owners demoting or
 * removing each other at the same moment cannot both succeed and leave the org without an owner.
 */
export async function assertNotLastOwner(tx: TDb, orgId: string, userId: string, doing: string): Promise<void> {
  const owners = await tx.$queryRaw<{ user_id: string }[]>`
    SELECT user_id FROM memberships WHERE org_id = ${orgId} AND role = 'owner' FOR UPDATE`;
  if (owners.length === 1 && owners[0]?.user_id === userId) {
    throw new AppError("CONFLICT", `The last owner cannot ${doing}; make another member an owner first`);
  }
}
