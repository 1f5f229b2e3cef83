import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { resolveMembership } from "~/server/services/orgs/resolve-membership";
import { issueTokens, type TTokenPair } from "./issue-tokens";
import { verifyCredentials, ZCredentials } from "./verify-credentials";

export const ZLogInInput = ZCredentials.extend({
  /** Slug of the org to log in to; the user's first org when absent. */
  org: z.string().trim().min(1).max(100).optional(),
});
export type TLogInInput = z.output<typeof ZLogInInput>;

/** REST log-in: checks the password and returns an access JWT plus a refresh token of a new family. */
export async function logIn(input: TLogInInput, ip: string | null): Promise<TTokenPair> {
  const user = await verifyCredentials(input, ip);
  const orgId = input.org
    ? ((await db.organization.findUnique({ where: { slug: input.org }, select: { id: true } }))?.id ?? null)
    : null;
  const membership = await resolveMembership({ userId: user.id, orgId, fallbackToFirst: !input.org });
  if (!membership) {
    throw input.org ? AppError.notFound("Organization") : new AppError("FORBIDDEN", "You belong to no organization");
  }
  const { refreshTokenId: _, ...tokens } = await issueTokens(db, {
    userId: user.id,
    orgId: membership.org.id,
    role: membership.role,
  });
  return tokens;
}
