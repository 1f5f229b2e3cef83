import { SERVER_NAME_PATTERN } from "@omnimesh/db/names";
import { z } from "zod";

// Shared pieces of the create/update schemas.

export const ZServerName = z
  .string()
  .trim()
  .regex(SERVER_NAME_PATTERN, "Use letters, digits, '-' and single '_' (at most 48, no '__')");

const MAX_ENTRIES = 100;

const ZEnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "Environment variable names are letters, digits and '_'");
const ZHeaderName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Not a valid HTTP header name");
const fewEnough = (what: string) =>
  [(record: object) => Object.keys(record).length <= MAX_ENTRIES, `At most ${MAX_ENTRIES} ${what}`] as const;

export const ZEnvVars = z.record(ZEnvName, z.string().max(16_384)).refine(...fewEnough("variables"));
export const ZHeaders = z.record(ZHeaderName, z.string().max(8_192)).refine(...fewEnough("headers"));

/** Edits of a sealed set by name: a value sets it, null removes it, unnamed entries stay. */
export const ZEnvChanges = z.record(ZEnvName, z.string().max(16_384).nullable()).refine(...fewEnough("variables"));
export const ZHeaderChanges = z.record(ZHeaderName, z.string().max(8_192).nullable()).refine(...fewEnough("headers"));

export const ZCommand = z.string().trim().min(1, "Command is required").max(1_000);
export const ZArgs = z.array(z.string().max(4_096)).max(MAX_ENTRIES);
export const ZHttpUrl = z.url({ protocol: /^https?$/, error: "Enter an http:// or https:// URL" });
export const ZWsUrl = z.url({ protocol: /^wss?$/, error: "Enter a ws:// or wss:// URL" });
export const ZTimeoutMs = z.number().int().min(1_000).max(600_000);
