import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { orgSelect } from "./org-select";

export const ZDeleteOrgInput = z.object({
  /** The org's slug, typed by the user to confirm; anything else refuses the delete. */
  confirmSlug: z
    .string({ error: "Type the organization's slug to confirm" })
    .trim()
    .min(1, "Type the organization's slug to confirm")
    .max(100),
});
export type TDeleteOrgInput = z.output<typeof ZDeleteOrgInput>;

/**
 * Deletes the org and, by cascade, everything it owns: memberships, invitations, namespaces, servers,
 * virtual servers, policies, limits, API keys, refresh tokens, sessions and request logs. Audit rows are
 * kept (they have no foreign key to the org), the `org.delete` row written here included.
 */
export async function deleteOrg(orgId: string, actor: TActor, input: TDeleteOrgInput): Promise<{ id: string }> {
  await db.$transaction(async (tx) => {
    const org = await tx.organization.findUnique({
      where: { id: orgId },
      select: {
        ...orgSelect,
        _count: { select: { memberships: true, namespaces: true, servers: true, apiKeys: true } },
      },
    });
    if (!org) throw AppError.notFound("Organization");
    if (input.confirmSlug !== org.slug) {
      throw new AppError("VALIDATION_ERROR", `Type "${org.slug}" to confirm the deletion`, {
        fields: { confirmSlug: `Type "${org.slug}" to confirm` },
      });
    }
    const { _count, ...before } = org;
    const counts = {
      members: _count.memberships,
      namespaces: _count.namespaces,
      servers: _count.servers,
      apiKeys: _count.apiKeys,
    };
    // Recorded in the same transaction like every write. It outlives the org (audit_logs has no foreign key
    // to organizations) but no one can list it through the app any more: audit queries are scoped to the
    // caller's org, and this org id is never reused.
    await recordAudit(tx, {
      orgId,
      actor,
      action: "org.delete",
      targetType: "organization",
      targetId: orgId,
      before: { ...before, ...counts },
    });
    await tx.organization.delete({ where: { id: orgId }, select: { id: true } });
  });
  return { id: orgId };
}
