import "server-only";
import type { Prisma } from "@omnimesh/db/client";

export const rateLimitSelect = {
  id: true,
  namespaceId: true,
  name: true,
  scope: true,
  target: true,
  limit: true,
  windowSeconds: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
  namespace: { select: { slug: true, name: true } },
} satisfies Prisma.RateLimitSelect;

export type TRateLimit = Prisma.RateLimitGetPayload<{ select: typeof rateLimitSelect }>;
