import "server-only";
import type { Prisma } from "@omnimesh/db/client";
import type { TDb } from "~/server/db";

/** Who did something, and from where; written into audit_logs with every admin action. */
export interface TActor {
  userId: string | null;
  apiKeyId: string | null;
  email: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface RecordAuditOptions {
  orgId: string;
  actor: TActor;
  /** "<target>.<verb>", e.g. "namespace.create". */
  action: string;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
}

// JSON round trip: Dates become strings and undefined disappears, as they would in the column anyway.
function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null
    ? undefined
    : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}

/** Call inside the transaction of the write it records, so there is never a change without its audit row. */
export async function recordAudit(tx: TDb, options: RecordAuditOptions): Promise<void> {
  const { orgId, actor, action, targetType, targetId } = options;
  await tx.auditLog.create({
    data: {
      orgId,
      actorUserId: actor.userId,
      actorApiKeyId: actor.apiKeyId,
      actorEmail: actor.email,
      action,
      targetType,
      targetId,
      before: toJson(options.before),
      after: toJson(options.after),
      ip: actor.ip,
      userAgent: actor.userAgent?.slice(0, 512) ?? null,
    },
    select: { id: true },
  });
}
