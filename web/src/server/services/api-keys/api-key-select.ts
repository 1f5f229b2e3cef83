import type { Prisma } from "@omnimesh/db/client";

/** Everything about a key except its hash. */
export const apiKeySelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  namespaceIds: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  createdAt: true,
  createdBy: { select: { id: true, email: true } },
} satisfies Prisma.ApiKeySelect;

export type TApiKey = Prisma.ApiKeyGetPayload<{ select: typeof apiKeySelect }>;
