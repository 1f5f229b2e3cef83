import { SERVER_NAME_PATTERN } from "@omnimesh/db/names";
import { z } from "zod";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";

// Shared pieces of the create/update schemas.

export const ENTRY_KINDS = ["tool", "resource", "prompt"] as const;
export type TEntryKind = (typeof ENTRY_KINDS)[number];

/**
 * MCP tool names (spec 2025-11-25): 1–128 of A–Z, a–z, 0–9, "_", "-", ".". Clients call exposed names
 * verbatim, so tool and prompt names must follow it (prisma/src/names.ts has no such pattern yet).
 */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;
const TOOL_NAME_HINT = "Use 1–128 letters, digits, '_', '-' or '.'";

const URI_PATTERN = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

export const ZVirtualServerName = z
  .string()
  .trim()
  .regex(SERVER_NAME_PATTERN, "Use letters, digits, '-' and single '_' (at most 48, no '__')");

export const ZVirtualServerDescription = z.string().trim().max(1_000);

const ZOptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((value) => (value ? value : null));

export const ZVirtualEntryInput = z
  .object({
    serverId: ZObjectId,
    kind: z.enum(ENTRY_KINDS, { error: "Kind must be tool, resource or prompt" }),
    /** The upstream's tool/prompt name, or the resource's URI (or URI template). */
    sourceName: z.string().trim().min(1, "Source name is required").max(2_048),
    /** Empty or absent: the default "<server>__<name>" (tools, prompts) or the upstream's name (resources). */
    exposedName: ZOptionalText(128),
    /** Empty or absent: the upstream's own description. */
    description: ZOptionalText(2_000),
  })
  .superRefine((entry, ctx) => {
    if (entry.kind === "resource") {
      if (!URI_PATTERN.test(entry.sourceName)) {
        ctx.addIssue({
          code: "custom",
          path: ["sourceName"],
          message: "A resource is named by its URI, e.g. file:///a",
        });
      }
      return;
    }
    if (entry.sourceName.length > 128) {
      ctx.addIssue({
        code: "custom",
        path: ["sourceName"],
        message: "Tool and prompt names are at most 128 characters",
      });
    }
    if (entry.exposedName !== null && !TOOL_NAME_PATTERN.test(entry.exposedName)) {
      ctx.addIssue({ code: "custom", path: ["exposedName"], message: TOOL_NAME_HINT });
    }
  });
export type TVirtualEntryInput = z.output<typeof ZVirtualEntryInput>;

export const MAX_ENTRIES = 500;

export const ZVirtualEntries = z.array(ZVirtualEntryInput).max(MAX_ENTRIES, `At most ${MAX_ENTRIES} entries`);
