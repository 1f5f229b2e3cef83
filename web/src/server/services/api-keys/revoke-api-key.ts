import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { apiKeySelect, type TApiKey } from "./api-key-select";

export const ZRevokeApiKeyInput = z.object({ id: ZObjectId });
export type TRevokeApiKeyInput = z.output<typeof ZRevokeApiKeyInput>;

export interface RevokeApiKeyOptions {
  /** Members may only revoke keys they created; owners and admins any key of the org. */
  onlyOwnKeys: boolean;
}

/** Revokes at once (the data plane checks revoked_at on every request); revoking twice is a no-op. */
export async function revokeApiKey(
  orgId: string,
  actor: TActor,
  input: TRevokeApiKeyInput,
  options: RevokeApiKeyOptions,
): Promise<TApiKey> {
  return db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id: input.id, orgId }, select: apiKeySelect });
    if (!key) throw AppError.notFound("API key");
    if (options.onlyOwnKeys && key.createdBy?.id !== actor.userId) {
      throw new AppError("FORBIDDEN", "You can only revoke keys you created");
    }
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
