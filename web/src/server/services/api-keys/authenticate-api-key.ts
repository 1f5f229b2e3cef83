import "server-only";
import { apiKeyPrefix } from "@omnimesh/db/api-key";
import { hashToken, safeEqual } from "@omnimesh/db/crypto";
import { env } from "~/env";
import { db } from "~/server/db";

export interface TAuthenticatedApiKey {
  id: string;
  orgId: string;
  name: string;
  scopes: string[];
  createdById: string | null;
}

/** Finds a key by its prefix and checks its HMAC in constant time; null when unknown, revoked or expired. */
export async function authenticateApiKey(key: string, ip: string | null): Promise<TAuthenticatedApiKey | null> {
  const prefix = apiKeyPrefix(key);
  if (!prefix) return null;
  const row = await db.apiKey.findUnique({
    where: { prefix },
    select: {
      id: true,
      orgId: true,
      name: true,
      scopes: true,
      keyHash: true,
      createdById: true,
      revokedAt: true,
      expiresAt: true,
    },
  });
  if (!row || !safeEqual(row.keyHash, hashToken(key, env.OMNIMESH_TOKEN_PEPPER))) return null;
  if (row.revokedAt || (row.expiresAt && row.expiresAt <= new Date())) return null;
  // Bookkeeping only: a failed write must not fail the request, and the request need not wait for it.
  void db.apiKey
    .update({ where: { id: row.id }, data: { lastUsedAt: new Date(), lastUsedIp: ip }, select: { id: true } })
    .catch(() => {});
  return { id: row.id, orgId: row.orgId, name: row.name, scopes: row.scopes, createdById: row.createdById };
}
