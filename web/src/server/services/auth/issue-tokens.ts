import "server-only";
import { randomUUID } from "node:crypto";
import { hashToken, randomToken } from "@omnimesh/db/crypto";
import { env } from "~/env";
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken, type TAccessClaims } from "~/server/auth/access-token";
import type { TDb } from "~/server/db";

export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

export interface TTokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: "Bearer";
  /** Seconds the access token is valid for. */
  expiresIn: number;
}

/**
 * Mints an access JWT and an opaque refresh token (stored only as its HMAC). A new family starts at
 * log-in; rotation passes the family on, so reuse of any rotated token can revoke the whole chain.
 */
export async function issueTokens(
  tx: TDb,
  claims: TAccessClaims,
  familyId: string = randomUUID(),
): Promise<TTokenPair & { refreshTokenId: string }> {
  const refreshToken = randomToken(32);
  const row = await tx.refreshToken.create({
    data: {
      orgId: claims.orgId,
      userId: claims.userId,
      familyId,
      tokenHash: hashToken(refreshToken, env.OMNIMESH_TOKEN_PEPPER),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000),
    },
    select: { id: true },
  });
  return {
    accessToken: await signAccessToken(claims),
    refreshToken,
    tokenType: "Bearer",
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenId: row.id,
  };
}
