import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { apiKeySelect, type TApiKey } from "./api-key-select";
import { ZApiKeyName } from "./create-api-key";
import { findManagedApiKey, type ManageApiKeyOptions } from "./find-managed-api-key";

export const ZRenameApiKeyInput = z.object({ id: ZObjectId, name: ZApiKeyName });
export type TRenameApiKeyInput = z.output<typeof ZRenameApiKeyInput>;

/** Renames a key (revoked ones too, so their history stays readable); the secret is untouched. */
export async function renameApiKey(
  orgId: string,
  actor: TActor,
  input: TRenameApiKeyInput,
  options: ManageApiKeyOptions,
): Promise<TApiKey> {
  return db.$transaction(async (tx) => {
    const key = await findManagedApiKey(tx, orgId, actor, input.id, { ...options, verb: "rename" });
    if (key.name === input.name) return key;
    const renamed = await tx.apiKey.update({
      where: { id: key.id },
      data: { name: input.name },
      select: apiKeySelect,
    });
    await recordAudit(tx, {
      orgId,
      actor,
      action: "api_key.rename",
      targetType: "api_key",
      targetId: key.id,
      before: { name: key.name },
      after: { name: renamed.name },
    });
    return renamed;
  });
}
