import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "~/server/db";

/** `base`, else `base-2`, `base-3`, … (org slugs are globally unique: they appear in data-plane URLs). */
export async function uniqueOrgSlug(base: string): Promise<string> {
  const stem = base.slice(0, 40).replace(/-+$/g, "") || "org";
  const taken = await db.organization.findMany({
    where: { slug: { startsWith: stem } },
    select: { slug: true },
    take: 1000,
  });
  const used = new Set(taken.map((org) => org.slug));
  if (!used.has(stem)) return stem;
  for (let n = 2; n < 1000; n++) if (!used.has(`${stem}-${n}`)) return `${stem}-${n}`;
  return `${stem}-${randomBytes(3).toString("hex")}`;
}
