import "server-only";
import { hashToken } from "@omnimesh/db/crypto";
import { env } from "~/env";
import { db } from "~/server/db";
import { revokeFamily, type TRefreshInput } from "./rotate-refresh-token";

/** Revokes the refresh token's whole family. Unknown tokens are ignored, so log-out is idempotent. */
export async function logOut(input: TRefreshInput): Promise<void> {
  const tokenHash = hashToken(input.refreshToken, env.OMNIMESH_TOKEN_PEPPER);
  const row = await db.refreshToken.findUnique({ where: { tokenHash }, select: { familyId: true } });
  if (row) await revokeFamily(row.familyId);
}
