import "server-only";
import { db } from "~/server/db";
import { memberSelect, type TMember, toMember } from "./member-select";

const MAX_MEMBERS = 1000;

export async function listMembers(orgId: string): Promise<TMember[]> {
  const rows = await db.membership.findMany({
    where: { orgId },
    orderBy: { createdAt: "asc" },
    take: MAX_MEMBERS,
    select: memberSelect,
  });
  return rows.map(toMember);
}
