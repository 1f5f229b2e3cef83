import type { Prisma } from "@omnimesh/db/client";
import { SLUG_PATTERN } from "@omnimesh/db/names";
import { z } from "zod";

export const namespaceSelect = {
  id: true,
  name: true,
  slug: true,
  description: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { servers: true } },
} satisfies Prisma.NamespaceSelect;

export type TNamespaceRow = Prisma.NamespaceGetPayload<{ select: typeof namespaceSelect }>;

export interface TNamespace {
  id: string;
  name: string;
  slug: string;
  description: string;
  serverCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export function toNamespace(row: TNamespaceRow): TNamespace {
  const { _count, ...rest } = row;
  return { ...rest, serverCount: _count.servers };
}

export const ZNamespaceSlug = z
  .string()
  .trim()
  .regex(SLUG_PATTERN, "Use lowercase letters, digits and single dashes (at most 48)");

export const ZObjectId = z.string().trim().min(1, "Required").max(100);
