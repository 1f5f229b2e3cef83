// Pages of an aggregated list. The merged list is rebuilt from the cached upstream lists on every
// call, so a page is addressed by its offset; the cursor is opaque to clients (base64url JSON with
// the list kind, so a tools cursor cannot be replayed against prompts/list). A list that fits one
// page gets no nextCursor, exactly as before pagination existed.
import { AppError } from "../lib/app-error.ts";

export const DEFAULT_PAGE_SIZE = 500;

export function encodeCursor(kind: string, offset: number): string {
  return Buffer.from(JSON.stringify({ k: kind, o: offset })).toString("base64url");
}

function decodeCursor(kind: string, cursor: unknown): number {
  if (cursor === undefined) return 0;
  try {
    if (typeof cursor !== "string") throw new Error("not a string");
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString()) as { k?: unknown; o?: unknown };
    if (parsed.k === kind && Number.isSafeInteger(parsed.o) && (parsed.o as number) >= 0) return parsed.o as number;
  } catch {
    // fall through to the error below
  }
  throw new AppError("INVALID_PARAMS", `Invalid cursor for ${kind}: pass a nextCursor this list returned`);
}

/** One page of `items` at `params.cursor`, with nextCursor when more remain. */
export function paginate<T>(
  kind: string,
  items: T[],
  params: Record<string, unknown> | undefined,
  pageSize: number,
): { items: T[]; nextCursor?: string } {
  const offset = decodeCursor(kind, params?.cursor);
  const end = offset + pageSize;
  const page = items.slice(offset, end);
  return end < items.length ? { items: page, nextCursor: encodeCursor(kind, end) } : { items: page };
}
