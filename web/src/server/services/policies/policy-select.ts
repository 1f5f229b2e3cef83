import "server-only";
import type { Prisma } from "@omnimesh/db/client";
import { type TPolicyConditions, ZPolicyConditions } from "@omnimesh/db/policy-conditions";

export const policySelect = {
  id: true,
  namespaceId: true,
  name: true,
  description: true,
  effect: true,
  priority: true,
  enabled: true,
  conditions: true,
  createdAt: true,
  updatedAt: true,
  namespace: { select: { slug: true, name: true } },
} satisfies Prisma.PolicySelect;

type TPolicyRow = Prisma.PolicyGetPayload<{ select: typeof policySelect }>;

export interface TPolicy {
  id: string;
  /** null: the policy applies to every namespace of the org. */
  namespaceId: string | null;
  namespace: { slug: string; name: string } | null;
  name: string;
  description: string;
  effect: "allow" | "deny";
  priority: number;
  enabled: boolean;
  conditions: TPolicyConditions;
  /** False for a row written outside the control plane that the data plane cannot read (it matches nothing). */
  conditionsValid: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export function toPolicy(row: TPolicyRow): TPolicy {
  const parsed = ZPolicyConditions.safeParse(row.conditions);
  return {
    ...row,
    conditions: parsed.success ? parsed.data : {},
    conditionsValid: parsed.success,
  };
}

/** Lower numbers are evaluated first; the first matching policy decides. */
export const policyOrder = [
  { priority: "asc" },
  { createdAt: "asc" },
  { id: "asc" },
] satisfies Prisma.PolicyOrderByWithRelationInput[];
