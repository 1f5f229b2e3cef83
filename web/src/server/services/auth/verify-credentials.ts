import "server-only";
import type { Prisma } from "@omnimesh/db/client";
import { hashPassword, verifyPassword } from "@omnimesh/db/password";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { rateLimit } from "~/server/rate-limit";
import { recordAudit } from "~/server/services/audit/record-audit";

export const ZEmail = z.string().trim().toLowerCase().max(254).pipe(z.email("Enter a valid email address"));

export const ZCredentials = z.object({
  email: ZEmail,
  password: z.string().min(1, "Password is required").max(200),
});
export type TCredentials = z.output<typeof ZCredentials>;

/** Failed attempts before the account is locked, and for how long. */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_SECONDS = 15 * 60;
const IP_LIMIT = { limit: 30, windowSeconds: 5 * 60 };

const userSelect = {
  id: true,
  email: true,
  name: true,
  passwordHash: true,
  failedLoginCount: true,
  lockedUntil: true,
} satisfies Prisma.UserSelect;

export interface TAuthenticatedUser {
  id: string;
  email: string;
  name: string;
}

// Unknown emails still pay for one scrypt, so response time does not reveal which accounts exist.
let dummyHash: Promise<string> | undefined;

/**
 * Checks email + password for web and REST log-in. Rate limited per IP; after LOCKOUT_THRESHOLD
 * consecutive failures the account is locked for LOCKOUT_SECONDS and the lock is audited.
 */
export async function verifyCredentials(credentials: TCredentials, ip: string | null): Promise<TAuthenticatedUser> {
  const perIp = await rateLimit(`login:ip:${ip ?? "unknown"}`, IP_LIMIT.limit, IP_LIMIT.windowSeconds);
  if (!perIp.allowed) {
    throw new AppError("RATE_LIMITED", "Too many log-in attempts; try again later", { retryAfter: perIp.retryAfter });
  }

  const user = await db.user.findUnique({ where: { email: credentials.email }, select: userSelect });
  if (!user) {
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(credentials.password, await dummyHash);
    throw new AppError("INVALID_CREDENTIALS", "Email or password is incorrect");
  }

  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) {
    const retryAfter = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000);
    throw new AppError("ACCOUNT_LOCKED", "Too many failed attempts; the account is locked for a while", { retryAfter });
  }

  if (!(await verifyPassword(credentials.password, user.passwordHash))) {
    await recordFailure(user.id, user.email, user.failedLoginCount + 1, ip);
    throw new AppError("INVALID_CREDENTIALS", "Email or password is incorrect");
  }

  await db.user.update({
    where: { id: user.id },
    data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now },
    select: { id: true },
  });
  return { id: user.id, email: user.email, name: user.name };
}

async function recordFailure(userId: string, email: string, failures: number, ip: string | null): Promise<void> {
  if (failures < LOCKOUT_THRESHOLD) {
    await db.user.update({ where: { id: userId }, data: { failedLoginCount: failures }, select: { id: true } });
    return;
  }
  const lockedUntil = new Date(Date.now() + LOCKOUT_SECONDS * 1000);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { failedLoginCount: 0, lockedUntil }, select: { id: true } });
    const memberships = await tx.membership.findMany({ where: { userId }, select: { orgId: true } });
    for (const { orgId } of memberships) {
      await recordAudit(tx, {
        orgId,
        actor: { userId, apiKeyId: null, email, ip, userAgent: null },
        action: "user.lock",
        targetType: "user",
        targetId: userId,
        after: { lockedUntil, failures },
      });
    }
  });
}
