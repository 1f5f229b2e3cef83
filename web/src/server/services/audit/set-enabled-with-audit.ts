import "server-only";
import { z } from "zod";
import { db, type TDb } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";

export const ZSetEnabledInput = z.object({ id: ZObjectId, enabled: z.boolean() });
export type TSetEnabledInput = z.output<typeof ZSetEnabledInput>;

/** How one kind of row is found, switched and named in errors and audit rows. */
export interface TEnabledTarget<T> {
  /** For "<label> not found". */
  label: string;
  /** Audit action prefix: `<auditAction>.enable` / `<auditAction>.disable`. */
  auditAction: string;
  auditTargetType: string;
  /** The row in this org, if any (select `id` and `enabled`). */
  find: (tx: TDb, where: { id: string; orgId: string }) => Promise<{ id: string; enabled: boolean } | null>;
  /** Writes `enabled` and returns the row as the service answers it. */
  update: (tx: TDb, id: string, enabled: boolean) => Promise<T>;
}

/**
 * Switches one org-scoped row on or off and records it in the audit log, in one transaction. Another org's
 * row is the same "not found" as a missing one.
 */
export async function setEnabledWithAudit<T>(
  orgId: string,
  actor: TActor,
  input: TSetEnabledInput,
  target: TEnabledTarget<T>,
): Promise<T> {
  return db.$transaction(async (tx) => {
    const found = await target.find(tx, { id: input.id, orgId });
    if (!found) throw AppError.notFound(target.label);
    const row = await target.update(tx, found.id, input.enabled);
    await recordAudit(tx, {
      orgId,
      actor,
      action: `${target.auditAction}.${input.enabled ? "enable" : "disable"}`,
      targetType: target.auditTargetType,
      targetId: found.id,
      before: { enabled: found.enabled },
      after: { enabled: input.enabled },
    });
    return row;
  });
}
