import "server-only";
import type { TRole } from "~/server/auth/permissions";
import { db } from "~/server/db";

export interface TUserOrg {
  id: string;
  slug: string;
  name: string;
  role: TRole;
}

/** Every org the user belongs to (for the org switcher), oldest membership first. */
export async function listUserOrgs(userId: string): Promise<TUserOrg[]> {
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    take: 100,
    select: { role: true, org: { select: { id: true, slug: true, name: true } } },
  });
  return memberships.map(({ role, org }) => ({ ...org, role }));
}
