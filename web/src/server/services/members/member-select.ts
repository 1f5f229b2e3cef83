import type { Prisma } from "@omnimesh/db/client";
import { z } from "zod";
import { ROLES, type TRole } from "~/server/auth/permissions";

export const memberSelect = {
  role: true,
  createdAt: true,
  user: { select: { id: true, email: true, name: true } },
} satisfies Prisma.MembershipSelect;

export type TMemberRow = Prisma.MembershipGetPayload<{ select: typeof memberSelect }>;

export interface TMember {
  userId: string;
  email: string;
  name: string;
  role: TRole;
  joinedAt: Date;
}

export function toMember(row: TMemberRow): TMember {
  return { userId: row.user.id, email: row.user.email, name: row.user.name, role: row.role, joinedAt: row.createdAt };
}

export const ZRole = z.enum(ROLES, { error: `Role must be one of ${ROLES.join(", ")}` });
export const ZUserId = z.string().trim().min(1, "Required").max(100);
