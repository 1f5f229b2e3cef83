// The shape of policies.conditions and of rate_limits.target, shared by the control plane (which validates
// what it writes) and the data plane (which reads it in its rules loader), so the two cannot drift.
// The semantics live in dataplane/src/modules/policies/service.ts and rate-limits/service.ts.
import { z } from "zod";
// Type-only: api-key.ts pulls in node:crypto, and the policy form (a client component) imports this file.
import type { ApiKeyScope } from "./api-key.ts";
import { ROLES } from "./permissions.ts";

/** MCP client→server request methods; conditions may also name them by glob ("tools/*"). */
export const POLICY_METHODS = [
  "initialize",
  "ping",
  "tools/list",
  "tools/call",
  "resources/list",
  "resources/templates/list",
  "resources/read",
  "resources/subscribe",
  "resources/unsubscribe",
  "prompts/list",
  "prompts/get",
  "completion/complete",
  "logging/setLevel",
] as const;

/**
 * `roles` match the org role of a caller with an access JWT. An API key has no role, so a policy with a `roles`
 * matcher never matches an API-key call (use `scopes` or `apiKeyIds` for keys).
 */
export const POLICY_ROLES = ROLES;

/**
 * `scopes` match the credential's scopes: an API key's own, or for an access JWT those of its role
 * (viewer → mcp:read, member → mcp:full, admin/owner → mcp:full + admin; see scopesForRole in the data plane).
 */
export const POLICY_SCOPES = ["mcp:full", "mcp:read", "admin"] as const satisfies readonly ApiKeyScope[];

export const RATE_LIMIT_SCOPES = ["org", "namespace", "api_key", "user", "ip", "tool"] as const;
export type TRateLimitScope = (typeof RATE_LIMIT_SCOPES)[number];

export const MAX_CONDITION_VALUES = 100;

/** `*` any run, `?` one character, as dataplane/src/lib/glob.ts reads them. */
const METHOD_GLOB = /^[A-Za-z0-9_/.*?-]{1,100}$/;
/** Exposed tool or prompt names ("server__tool", a virtual server's exposed name) with globs. */
const TOOL_GLOB = /^[A-Za-z0-9_.*?-]{1,128}$/;
/** Server names (prisma/src/names.ts) with globs. */
const SERVER_GLOB = /^[A-Za-z0-9_*?-]{1,48}$/;

const IPV4 = z.ipv4();
const IPV6 = z.ipv6();
const CIDRV4 = z.cidrv4();

/** The data plane matches IPv4 CIDRs and exact addresses; an IPv6 range would never match, so it is refused. */
export function isPolicyIp(value: string): boolean {
  return IPV4.safeParse(value).success || IPV6.safeParse(value).success || CIDRV4.safeParse(value).success;
}

export function isIpAddress(value: string): boolean {
  return IPV4.safeParse(value).success || IPV6.safeParse(value).success;
}

const list = (item: z.ZodString, label: string) =>
  z
    .array(item)
    .max(MAX_CONDITION_VALUES, `At most ${MAX_CONDITION_VALUES} ${label}`)
    .transform((values) => [...new Set(values)]);

const conditionFields = {
  methods: list(
    z.string().trim().regex(METHOD_GLOB, "Use an MCP method such as tools/call, or a glob such as tools/*"),
    "methods",
  ).optional(),
  tools: list(
    z
      .string()
      .trim()
      .regex(
        TOOL_GLOB,
        "Use a tool name such as demo__echo, or a glob such as demo__* (1–128 of A–Z a–z 0–9 _ - . * ?)",
      ),
    "tools",
  ).optional(),
  servers: list(
    z.string().trim().regex(SERVER_GLOB, "Use a server name, or a glob such as git* (1–48 of A–Z a–z 0–9 _ - * ?)"),
    "servers",
  ).optional(),
  roles: z
    .array(
      z.enum(POLICY_ROLES, {
        error: `Use an org role: ${POLICY_ROLES.join(", ")} (API key scopes go under scopes)`,
      }),
    )
    .max(POLICY_ROLES.length)
    .transform((values) => [...new Set(values)])
    .optional(),
  scopes: z
    .array(z.enum(POLICY_SCOPES, { error: `Use a scope: ${POLICY_SCOPES.join(", ")}` }))
    .max(POLICY_SCOPES.length)
    .transform((values) => [...new Set(values)])
    .optional(),
  apiKeyIds: list(z.string().trim().min(1, "Required").max(100), "API keys").optional(),
  ipCidrs: list(
    z.string().trim().refine(isPolicyIp, "Use an IPv4 address or CIDR (10.0.0.0/8), or an exact IPv6 address"),
    "IP ranges",
  ).optional(),
};

/**
 * policies.conditions as stored and read: every matcher optional, an absent one matches everything; a present
 * one must match (any of its values). The data plane parses rows with this (an invalid row matches nothing).
 */
export const ZPolicyConditions = z.object(conditionFields);
export type TPolicyConditions = z.output<typeof ZPolicyConditions>;

/**
 * What a writer accepts: unknown fields are refused (the data plane would ignore them), and an empty list is
 * dropped, since a present empty matcher would match nothing, never what a form left blank means.
 */
export const ZPolicyConditionsInput = z.strictObject(conditionFields).transform((conditions) => {
  const stored: TPolicyConditions = {};
  for (const [key, values] of Object.entries(conditions) as [keyof TPolicyConditions, string[] | undefined][]) {
    if (values && values.length > 0) (stored as Record<string, string[]>)[key] = values;
  }
  return stored;
});

/**
 * What `target` narrows for each scope (see rateLimitKey in the data plane): null when the scope takes none,
 * else an error message for a target the data plane could never match.
 */
export function rateLimitTargetProblem(scope: TRateLimitScope, target: string): string | null {
  switch (scope) {
    case "org":
    case "namespace":
      return `A rate limit of scope "${scope}" takes no target (narrow it with a namespace instead)`;
    case "api_key":
    case "user":
      return target.length > 100 ? "At most 100 characters" : null;
    case "ip":
      return isIpAddress(target) ? null : "Use one exact IP address (ranges are not supported here)";
    case "tool":
      return TOOL_GLOB.test(target) ? null : "Use a tool name such as demo__echo, or a glob such as demo__*";
  }
}
