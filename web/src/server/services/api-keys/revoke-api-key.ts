import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { apiKeySelect, type TApiKey } from "./api-key-select";
import { findManagedApiKey, type ManageApiKeyOptions } from "./find-managed-api-key";

export const ZRevokeApiKeyInput = z.object({ id: ZObjectId });
export type TRevokeApiKeyInput = z.output<typeof ZRevokeApiKeyInput>;

/** Revokes at once (the data plane checks revoked_at on every request); revoking twice is a no-op. */
export async function revokeApiKey(
  orgId: string,
  actor: TActor,
  input: TRevokeApiKeyInput,
  options: ManageApiKeyOptions,
): Promise<TApiKey> {
  return db.$transaction(async (tx) => {
    const key = await findManagedApiKey(tx, orgId, actor, input.id, { ...options, verb: "revoke" });
    if (key.revokedAt) return key;
    const revoked = await tx.apiKey.update({
      where: { id: key.id },
      data: { revokedAt: new Date() },
      select: apiKeySelect,
    });
    await recordAudit(tx, {
      orgId,
      actor,
      action: "api_key.revoke",
      targetType: "api_key",
      targetId: key.id,
      before: { revokedAt: null },
      after: { revokedAt: revoked.revokedAt },
    });
    return revoked;
  });
}
