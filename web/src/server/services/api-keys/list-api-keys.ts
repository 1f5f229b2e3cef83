import "server-only";
import { db } from "~/server/db";
import { apiKeySelect, type TApiKey } from "./api-key-select";

const MAX_KEYS = 500;

/** The org's keys, newest first, revoked ones included (the UI shows their state). */
export async function listApiKeys(orgId: string): Promise<TApiKey[]> {
  return db.apiKey.findMany({
    where: { orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: MAX_KEYS,
    select: apiKeySelect,
  });
}
