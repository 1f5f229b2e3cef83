import "server-only";
import { randomBytes } from "node:crypto";
import { slugify } from "@omnimesh/db/names";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError, isUniqueViolation } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { orgSelect, type TOrg, ZOrgName } from "./org-select";
import { uniqueOrgSlug } from "./unique-org-slug";

export const ZCreateOrgInput = z.object({ name: ZOrgName });
export type TCreateOrgInput = z.output<typeof ZCreateOrgInput>;

/**
 * Creates an org with the caller as its owner. The slug is derived from the name and globally unique.
 * Needs no existing membership: a user who left or deleted every org can start a new one.
 */
export async function createOrg(
  userId: string,
  from: Pick<TActor, "ip" | "userAgent">,
  input: TCreateOrgInput,
): Promise<TOrg> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) throw new AppError("UNAUTHORIZED", "Sign in to continue");
  const actor: TActor = { userId, apiKeyId: null, email: user.email, ...from };
  const slug = await uniqueOrgSlug(slugify(input.name));
  try {
    return await insertOrg(userId, actor, input.name, slug);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Another org took the slug between the check and the insert.
    return insertOrg(userId, actor, input.name, `${slug.slice(0, 40)}-${randomBytes(3).toString("hex")}`);
  }
}

function insertOrg(userId: string, actor: TActor, name: string, slug: string): Promise<TOrg> {
  return db.$transaction(async (tx) => {
    const org = await tx.organization.create({
      data: { name, slug, memberships: { create: { userId, role: "owner" } } },
      select: orgSelect,
    });
    await recordAudit(tx, {
      orgId: org.id,
      actor,
      action: "org.create",
      targetType: "organization",
      targetId: org.id,
      after: org,
    });
    return org;
  });
}
