import { RATE_LIMIT_SCOPES } from "@omnimesh/db/policy-conditions";
import { z } from "zod";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";

// Shared pieces of the create/update schemas.

export const MAX_LIMIT = 1_000_000;
/** One week: longer windows are quotas, not rate limits. */
export const MAX_WINDOW_SECONDS = 7 * 24 * 3600;

export const ZRateLimitName = z.string().trim().min(1, "Name is required").max(100, "At most 100 characters");
export const ZRateLimitScope = z.enum(RATE_LIMIT_SCOPES, {
  error: `Scope must be one of ${RATE_LIMIT_SCOPES.join(", ")}`,
});
/** Empty or null: the rule applies to every key, user, IP or tool of its scope (not nullish: absent ≠ cleared). */
export const ZRateLimitTarget = z
  .string()
  .trim()
  .max(200, "At most 200 characters")
  .nullable()
  .transform((value) => (value ? value : null));
export const ZRateLimitLimit = z
  .number({ error: "Limit must be a whole number" })
  .int("Limit must be a whole number")
  .min(1, "Limit must be at least 1")
  .max(MAX_LIMIT, `Limit must be at most ${MAX_LIMIT}`);
export const ZRateLimitWindow = z
  .number({ error: "Window must be a whole number of seconds" })
  .int("Window must be a whole number of seconds")
  .min(1, "Window must be at least 1 second")
  .max(MAX_WINDOW_SECONDS, `Window must be at most ${MAX_WINDOW_SECONDS} seconds (7 days)`);
/** null: every namespace of the org. */
export const ZRateLimitNamespaceId = ZObjectId.nullable();
