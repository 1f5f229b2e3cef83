import { ZPolicyConditions as ZStoredPolicyConditions } from "@omnimesh/db/policy-conditions";
import type { z } from "zod";

/**
 * policies.conditions, in the shape the control plane writes (prisma/src/policy-conditions.ts); an absent
 * matcher matches everything. A row that does not fit matches nothing rather than everything.
 */
export const ZPolicyConditions = ZStoredPolicyConditions.catch({ methods: ["__invalid_conditions__"] });

export type TPolicyConditions = z.infer<typeof ZPolicyConditions>;

export interface PolicyRule {
  id: string;
  name: string;
  namespaceId: string | null;
  effect: "allow" | "deny";
  priority: number;
  conditions: TPolicyConditions;
}

export interface RateLimitRule {
  id: string;
  name: string;
  namespaceId: string | null;
  scope: "org" | "namespace" | "api_key" | "user" | "ip" | "tool";
  target: string | null;
  limit: number;
  windowSeconds: number;
}

/** Everything the chain needs to police one org's calls, cached per org. */
export interface OrgRules {
  policies: PolicyRule[];
  rateLimits: RateLimitRule[];
}

/** What a policy is evaluated against. */
export interface PolicySubject {
  namespaceId: string;
  method: string;
  /** Exposed (prefixed) tool or prompt name, when the call names one. */
  toolName: string | null;
  serverName: string | null;
  apiKeyId: string | null;
  /** The org role of an access-JWT caller; null for an API key, which a `roles` matcher never matches. */
  role: string | null;
  /** The credential's scopes: an API key's own, or those of a JWT's role (scopesForRole). */
  scopes: string[];
  clientIp: string | null;
}
