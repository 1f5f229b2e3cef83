import "server-only";
import { randomBytes } from "node:crypto";
import { slugify } from "@omnimesh/db/names";
import { hashPassword } from "@omnimesh/db/password";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError, isUniqueViolation } from "~/server/errors/app-error";
import { rateLimit } from "~/server/rate-limit";
import { recordAudit } from "~/server/services/audit/record-audit";
import { uniqueOrgSlug } from "~/server/services/orgs/unique-org-slug";
import { ZEmail } from "./verify-credentials";

export const ZSignUpInput = z.object({
  name: z.string().trim().min(1, "Name is required").max(100),
  email: ZEmail,
  password: z.string().min(8, "Use at least 8 characters").max(200),
  /** Defaults to "<name>'s org". */
  orgName: z.string().trim().min(1).max(100).optional(),
});
export type TSignUpInput = z.output<typeof ZSignUpInput>;

export interface TSignUpResult {
  user: { id: string; email: string; name: string };
  org: { id: string; slug: string; name: string };
  role: "owner";
}

export const SIGNUP_IP_LIMIT = { limit: 20, windowSeconds: 60 * 60 };
/** Per email: stops probing which addresses have accounts (each attempt on a taken one answers CONFLICT). */
export const SIGNUP_EMAIL_LIMIT = { limit: 5, windowSeconds: 60 * 60 };

/** Creates a user, their first org and the owner membership, in one transaction. */
export async function signUp(input: TSignUpInput, ip: string | null): Promise<TSignUpResult> {
  const perIp = await rateLimit(`signup:ip:${ip ?? "unknown"}`, SIGNUP_IP_LIMIT.limit, SIGNUP_IP_LIMIT.windowSeconds);
  if (!perIp.allowed) {
    throw new AppError("RATE_LIMITED", "Too many sign-ups from this address", { retryAfter: perIp.retryAfter });
  }
  const perEmail = await rateLimit(
    `signup:email:${input.email}`,
    SIGNUP_EMAIL_LIMIT.limit,
    SIGNUP_EMAIL_LIMIT.windowSeconds,
  );
  if (!perEmail.allowed) {
    throw new AppError("RATE_LIMITED", "Too many sign-up attempts for this email; try again later", {
      retryAfter: perEmail.retryAfter,
    });
  }
  const conflict = () =>
    new AppError("CONFLICT", "An account with this email already exists", {
      fields: { email: "An account with this email already exists" },
    });
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw conflict();

  const orgName = input.orgName ?? `${input.name}'s org`;
  const passwordHash = await hashPassword(input.password);
  const slug = await uniqueOrgSlug(slugify(orgName));
  try {
    return await createAccount({ ...input, orgName, passwordHash, slug }, ip);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A concurrent sign-up took the email or the slug between the checks above and the insert.
    if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw conflict();
    return createAccount(
      { ...input, orgName, passwordHash, slug: `${slug.slice(0, 40)}-${randomBytes(3).toString("hex")}` },
      ip,
    );
  }
}

interface AccountRow {
  name: string;
  email: string;
  orgName: string;
  passwordHash: string;
  slug: string;
}

function createAccount(row: AccountRow, ip: string | null): Promise<TSignUpResult> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { email: row.email, name: row.name, passwordHash: row.passwordHash },
      select: { id: true, email: true, name: true },
    });
    const org = await tx.organization.create({
      data: { name: row.orgName, slug: row.slug, memberships: { create: { userId: user.id, role: "owner" } } },
      select: { id: true, slug: true, name: true },
    });
    await recordAudit(tx, {
      orgId: org.id,
      actor: { userId: user.id, apiKeyId: null, email: user.email, ip, userAgent: null },
      action: "org.create",
      targetType: "organization",
      targetId: org.id,
      after: org,
    });
    return { user, org, role: "owner" as const };
  });
}
