import "server-only";
import type { Prisma } from "@omnimesh/db/client";
import { z } from "zod";
import { db } from "~/server/db";
import { afterKeyset, decodeKeysetCursor, keysetPage, parseUuidId } from "~/server/services/pagination/keyset-cursor";

const ZFilterText = z.string().trim().min(1).max(200);

export const ZListAuditLogsInput = z
  .object({
    /** A user id, an API key id, or an email (case-insensitive). */
    actor: ZFilterText.optional(),
    /** Exact ("namespace.create"), or a prefix when it ends in "." or ".*" ("namespace."). */
    action: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[a-z0-9_.]+\*?$/i, "Use an action like namespace.create or a prefix like namespace.")
      .optional(),
    targetType: ZFilterText.optional(),
    targetId: ZFilterText.optional(),
    /** Inclusive lower bound on the time of the action. */
    from: z.coerce.date().optional(),
    /** Inclusive upper bound on the time of the action. */
    to: z.coerce.date().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** Opaque; the `nextCursor` of the previous page. */
    cursor: z.string().max(200).optional(),
  })
  .refine((input) => !input.from || !input.to || input.from <= input.to, {
    path: ["to"],
    message: "Must not be before from",
  });
export type TListAuditLogsInput = z.output<typeof ZListAuditLogsInput>;

const auditLogSelect = {
  id: true,
  actorUserId: true,
  actorApiKeyId: true,
  actorEmail: true,
  action: true,
  targetType: true,
  targetId: true,
  before: true,
  after: true,
  ip: true,
  userAgent: true,
  createdAt: true,
} satisfies Prisma.AuditLogSelect;

export type TAuditLog = Prisma.AuditLogGetPayload<{ select: typeof auditLogSelect }>;

export interface TAuditLogPage {
  items: TAuditLog[];
  nextCursor: string | null;
}

// Prisma passes startsWith to LIKE unescaped, and "_" (as in "api_key.") would match any character.
function likePrefix(prefix: string): Prisma.StringFilter {
  return { startsWith: prefix.replace(/[\\%_]/g, "\\$&") };
}

function actionFilter(action: string): Prisma.StringFilter | string {
  if (action.endsWith("*")) return likePrefix(action.slice(0, -1));
  if (action.endsWith(".")) return likePrefix(action);
  return action;
}

/** The org's audit trail, newest first, keyset-paginated on (created_at, id). */
export async function listAuditLogs(orgId: string, input: TListAuditLogsInput): Promise<TAuditLogPage> {
  const after = input.cursor ? decodeKeysetCursor(input.cursor, parseUuidId) : null;
  const and: Prisma.AuditLogWhereInput[] = [];
  if (input.actor) {
    and.push({
      OR: [
        { actorUserId: input.actor },
        { actorApiKeyId: input.actor },
        { actorEmail: { equals: input.actor, mode: "insensitive" } },
      ],
    });
  }
  if (after) {
    and.push(afterKeyset(after));
  }
  const where: Prisma.AuditLogWhereInput = {
    orgId,
    ...(input.action ? { action: actionFilter(input.action) } : {}),
    ...(input.targetType ? { targetType: input.targetType } : {}),
    ...(input.targetId ? { targetId: input.targetId } : {}),
    ...(input.from || input.to
      ? { createdAt: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lte: input.to } : {}) } }
      : {}),
    ...(and.length > 0 ? { AND: and } : {}),
  };
  const rows = await db.auditLog.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: auditLogSelect,
  });
  const { page, nextCursor } = keysetPage(rows, input.limit);
  return { items: page, nextCursor };
}
