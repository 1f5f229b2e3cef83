import "server-only";
import { AppError } from "~/server/errors/app-error";

// Keyset pagination on (created_at desc, id desc), shared by every newest-first list. The cursor is
// opaque to clients: base64url of "<iso time>|<id>", validated on the way back in.

export interface TKeyset<Id> {
  createdAt: Date;
  id: Id;
}

export function encodeKeysetCursor(row: TKeyset<string | bigint>): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

/** Decodes a cursor; `parseId` returns null for an id of the wrong shape (→ VALIDATION_ERROR). */
export function decodeKeysetCursor<Id>(cursor: string, parseId: (raw: string) => Id | null): TKeyset<Id> {
  const [at, raw] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  const id = raw ? parseId(raw) : null;
  if (id === null || Number.isNaN(createdAt.getTime())) {
    throw new AppError("VALIDATION_ERROR", "Invalid input: cursor", { fields: { cursor: "Invalid cursor" } });
  }
  return { createdAt, id };
}

/** The "strictly after the cursor" condition of a newest-first keyset query. */
export function afterKeyset<Id>(after: TKeyset<Id>) {
  return {
    OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }],
  };
}

/** Splits the `limit + 1` rows of a query into the page and the cursor of the next one. */
export function keysetPage<Row extends TKeyset<string | bigint>>(
  rows: Row[],
  limit: number,
): { page: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeKeysetCursor(last) : null };
}

export const parseBigIntId = (raw: string): bigint | null => (/^\d+$/.test(raw) ? BigInt(raw) : null);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const parseUuidId = (raw: string): string | null => (UUID.test(raw) ? raw : null);
