import "server-only";
import { API_KEY_SCOPES, generateApiKey } from "@omnimesh/db/api-key";
import { z } from "zod";
import { env } from "~/env";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { recordAudit, type TActor } from "~/server/services/audit/record-audit";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { apiKeySelect, type TApiKey } from "./api-key-select";

export const ZApiKeyName = z.string().trim().min(1, "Name is required").max(100);

export const ZCreateApiKeyInput = z.object({
  name: ZApiKeyName,
  scopes: z
    .array(z.enum(API_KEY_SCOPES))
    .min(1, "Choose at least one scope")
    .default(["mcp:full"])
    .transform((scopes) => [...new Set(scopes)]),
  /** Namespaces the key may reach; empty means all of the org's. */
  namespaceIds: z.array(ZObjectId).max(100).default([]),
  expiresAt: z.coerce
    .date()
    .refine((date) => date.getTime() > Date.now(), "Must be in the future")
    .optional(),
});
export type TCreateApiKeyInput = z.output<typeof ZCreateApiKeyInput>;

export interface TCreatedApiKey {
  apiKey: TApiKey;
  /** The whole key; shown once, never stored. */
  secret: string;
}

export interface CreateApiKeyOptions {
  /** Only owners and admins may mint keys with the "admin" scope. */
  allowAdminScope: boolean;
}

export async function createApiKey(
  orgId: string,
  actor: TActor,
  input: TCreateApiKeyInput,
  options: CreateApiKeyOptions,
): Promise<TCreatedApiKey> {
  if (input.scopes.includes("admin") && !options.allowAdminScope) {
    throw new AppError("FORBIDDEN", "Only owners and admins can create keys with the admin scope", {
      fields: { scopes: "The admin scope needs the owner or admin role" },
    });
  }
  const namespaceIds = [...new Set(input.namespaceIds)];
  const generated = generateApiKey(env.OMNIMESH_TOKEN_PEPPER);
  return db.$transaction(async (tx) => {
    if (namespaceIds.length > 0) {
      const found = await tx.namespace.count({ where: { orgId, id: { in: namespaceIds } } });
      if (found !== namespaceIds.length) {
        // Another org's namespace answers exactly like a missing one.
        throw new AppError("NOT_FOUND", "Namespace not found", { fields: { namespaceIds: "Unknown namespace" } });
      }
    }
    const apiKey = await tx.apiKey.create({
      data: {
        orgId,
        createdById: actor.userId,
        name: input.name,
        prefix: generated.prefix,
        keyHash: generated.hash,
        scopes: input.scopes,
        namespaceIds,
        expiresAt: input.expiresAt ?? null,
      },
      select: apiKeySelect,
    });
    await recordAudit(tx, {
      orgId,
      actor,
      action: "api_key.create",
      targetType: "api_key",
      targetId: apiKey.id,
      after: apiKey,
    });
    return { apiKey, secret: generated.key };
  });
}
