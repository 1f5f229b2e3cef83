import "server-only";
import { generateApiKey } from "@omnimesh/db/api-key";
import { z } from "zod";
import { env } from "~/env";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { apiKeySelect } from "./api-key-select";
import type { TCreatedApiKey } from "./create-api-key";
import { findManagedApiKey, type ManageApiKeyOptions } from "./find-managed-api-key";

export const ZRotateApiKeyInput = z.object({ id: ZObjectId });
export type TRotateApiKeyInput = z.output<typeof ZRotateApiKeyInput>;

/**
 * Gives the key a new secret (and prefix) in place: same id, name, scopes, namespaces and expiry.
 * The old secret stops working on its next request: its prefix no longer exists, and the row update
 * fires the api_keys NOTIFY trigger that drops the data plane's cached copy.
 */
export async function rotateApiKey(
  orgId: string,
  actor: TActor,
  input: TRotateApiKeyInput,
  options: ManageApiKeyOptions,
): Promise<TCreatedApiKey> {
  const generated = generateApiKey(env.OMNIMESH_TOKEN_PEPPER);
  return db.$transaction(async (tx) => {
    const key = await findManagedApiKey(tx, orgId, actor, input.id, { ...options, verb: "rotate" });
    if (key.revokedAt) throw new AppError("CONFLICT", "A revoked key cannot be rotated; create a new one");
    if (key.expiresAt && key.expiresAt <= new Date()) {
      throw new AppError("CONFLICT", "An expired key cannot be rotated; create a new one");
    }
    const apiKey = await tx.apiKey.update({
      where: { id: key.id },
      data: { prefix: generated.prefix, keyHash: generated.hash },
      select: apiKeySelect,
    });
    await recordAudit(tx, {
      orgId,
      actor,
      action: "api_key.rotate",
      targetType: "api_key",
      targetId: key.id,
      before: { prefix: key.prefix },
      after: { prefix: apiKey.prefix },
    });
    return { apiKey, secret: generated.key };
  });
}
