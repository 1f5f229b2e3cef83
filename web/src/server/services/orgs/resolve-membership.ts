import "server-only";
import type { Prisma } from "@omnimesh/db/client";
import type { TRole } from "~/server/auth/permissions";
import { db } from "~/server/db";

const membershipSelect = {
  role: true,
  org: { select: { id: true, slug: true, name: true } },
  user: { select: { id: true, email: true, name: true } },
} satisfies Prisma.MembershipSelect;

export interface TMembership {
  role: TRole;
  org: { id: string; slug: string; name: string };
  user: { id: string; email: string; name: string };
}

export interface ResolveMembershipOptions {
  userId: string;
  /** The org the caller asked for (session or token claim). */
  orgId: string | null;
  /** When the asked-for org is gone or missing, fall back to the user's oldest membership (web sessions). */
  fallbackToFirst?: boolean;
}

/** The caller's membership in an org, read fresh so removed members and role changes take effect at once. */
export async function resolveMembership(options: ResolveMembershipOptions): Promise<TMembership | null> {
  const { userId, orgId, fallbackToFirst = false } = options;
  if (orgId) {
    const membership = await db.membership.findUnique({
      where: { orgId_userId: { orgId, userId } },
      select: membershipSelect,
    });
    if (membership || !fallbackToFirst) return membership;
  }
  if (!fallbackToFirst) return null;
  return db.membership.findFirst({ where: { userId }, orderBy: { createdAt: "asc" }, select: membershipSelect });
}
