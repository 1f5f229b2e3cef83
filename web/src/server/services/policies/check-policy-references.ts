import "server-only";
import type { TPolicyConditions } from "@omnimesh/db/policy-conditions";
import type { TDb } from "~/server/db";
import { AppError } from "~/server/errors/app-error";

/** The namespace must be the org's (else NOT_FOUND, like a missing one); null means the whole org. */
export async function checkNamespace(tx: TDb, orgId: string, namespaceId: string | null): Promise<void> {
  if (namespaceId === null) return;
  const namespace = await tx.namespace.findFirst({ where: { id: namespaceId, orgId }, select: { id: true } });
  if (!namespace) throw AppError.notFound("Namespace");
}

/** Every API key a condition names must be one of the org's keys: another id could never match. */
export async function checkApiKeyIds(tx: TDb, orgId: string, conditions: TPolicyConditions): Promise<void> {
  const ids = conditions.apiKeyIds;
  if (!ids || ids.length === 0) return;
  const found = await tx.apiKey.findMany({ where: { orgId, id: { in: ids } }, select: { id: true } });
  const known = new Set(found.map((key) => key.id));
  const fields: Record<string, string> = {};
  ids.forEach((id, index) => {
    if (!known.has(id)) fields[`conditions.apiKeyIds.${index}`] = "No such API key in this organization";
  });
  if (Object.keys(fields).length > 0) {
    const summary = Object.entries(fields).map(([field, message]) => `${field} (${message})`);
    throw new AppError("VALIDATION_ERROR", `Invalid input: ${summary.join(", ")}`, { fields });
  }
}
