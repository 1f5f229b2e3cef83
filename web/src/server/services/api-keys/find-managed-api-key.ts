import "server-only";
import type { TDb } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import type { TActor } from "~/server/services/audit/record-audit";
import { apiKeySelect, type TApiKey } from "./api-key-select";

export interface ManageApiKeyOptions {
  /** Members may only change keys they created; owners and admins any key of the org. */
  onlyOwnKeys: boolean;
}

/**
 * The org's key that the actor may change, for revoke, rename and rotate. Another org's key is
 * NOT_FOUND (never FORBIDDEN), so ids of other tenants cannot be probed.
 */
export async function findManagedApiKey(
  tx: TDb,
  orgId: string,
  actor: TActor,
  id: string,
  options: ManageApiKeyOptions & { verb: string },
): Promise<TApiKey> {
  const key = await tx.apiKey.findFirst({ where: { id, orgId }, select: apiKeySelect });
  if (!key) throw AppError.notFound("API key");
  if (options.onlyOwnKeys && key.createdBy?.id !== actor.userId) {
    throw new AppError("FORBIDDEN", `You can only ${options.verb} keys you created`);
  }
  return key;
}
