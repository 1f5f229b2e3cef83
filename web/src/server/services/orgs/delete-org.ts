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
 * virtual servers, policies, limits, API keys, refresh tokens, sessions, request logs and audit rows.
 */
export async function deleteOrg(orgId: string, actor: TActor, input: TDeleteOrgInput): Promise<{ id: string }> {
  const summary = await db.$transaction(async (tx) => {
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
    // Recorded in the same transaction like every write; the row then goes with the org's cascade, so the
    // deletion is also written to the server log below (audit_logs.org_id has no home once the org is gone).
    await recordAudit(tx, {
      orgId,
      actor,
      action: "org.delete",
      targetType: "organization",
      targetId: orgId,
      before: { ...before, ...counts },
    });
    await tx.organization.delete({ where: { id: orgId }, select: { id: true } });
    return { ...before, ...counts };
  });
  console.info(
    JSON.stringify({
      event: "audit",
      action: "org.delete",
      org: summary,
      actorUserId: actor.userId,
      actorApiKeyId: actor.apiKeyId,
      ip: actor.ip,
    }),
  );
  return { id: orgId };
}
