import "server-only";
import { hashToken } from "@omnimesh/db/crypto";
import { z } from "zod";
import { env } from "~/env";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { resolveMembership } from "~/server/services/orgs/resolve-membership";
import { issueTokens, type TTokenPair } from "./issue-tokens";

export const ZRefreshInput = z.object({ refreshToken: z.string().min(1, "Required").max(200) });
export type TRefreshInput = z.output<typeof ZRefreshInput>;

const invalid = () => new AppError("UNAUTHORIZED", "Refresh token is invalid or expired");

/**
 * Exchanges a refresh token for a new pair. The old token is marked replaced; presenting a replaced or
 * revoked token again means it leaked, so its whole family is revoked and the caller must log in again.
 */
export async function rotateRefreshToken(input: TRefreshInput): Promise<TTokenPair> {
  const tokenHash = hashToken(input.refreshToken, env.OMNIMESH_TOKEN_PEPPER);
  const current = await db.refreshToken.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      familyId: true,
      userId: true,
      orgId: true,
      expiresAt: true,
      revokedAt: true,
      replacedById: true,
    },
  });
  if (!current) throw invalid();
  if (current.revokedAt || current.replacedById) {
    await revokeFamily(current.familyId);
    throw new AppError("TOKEN_REUSED", "Refresh token was already used; every session of this login is revoked");
  }
  if (current.expiresAt <= new Date()) throw invalid();

  const membership = await resolveMembership({ userId: current.userId, orgId: current.orgId });
  if (!membership) {
    await revokeFamily(current.familyId);
    throw invalid();
  }

  const rotated = await db.$transaction(async (tx) => {
    const next = await issueTokens(
      tx,
      { userId: current.userId, orgId: current.orgId, role: membership.role },
      current.familyId,
    );
    // Conditional update: of two concurrent refreshes with the same token only one wins.
    const claimed = await tx.refreshToken.updateMany({
      where: { id: current.id, revokedAt: null, replacedById: null },
      data: { revokedAt: new Date(), replacedById: next.refreshTokenId },
    });
    return claimed.count === 1 ? next : null;
  });
  if (!rotated) {
    await revokeFamily(current.familyId);
    throw new AppError("TOKEN_REUSED", "Refresh token was already used; every session of this login is revoked");
  }
  const { refreshTokenId: _, ...tokens } = rotated;
  return tokens;
}

export async function revokeFamily(familyId: string): Promise<void> {
  await db.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
}
