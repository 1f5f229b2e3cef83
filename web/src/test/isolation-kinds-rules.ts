// Isolation kinds (see isolation-kinds.ts): Policies and rate limits.
import { expect } from "vitest";
import { DELETE as deletePolicy, GET as getPolicy, PUT as putPolicy } from "~/app/api/v1/policies/[id]/route";
import { POST as createPolicy, GET as listPolicies } from "~/app/api/v1/policies/route";
import {
  DELETE as deleteRateLimit,
  GET as getRateLimit,
  PUT as putRateLimit,
} from "~/app/api/v1/rate-limits/[id]/route";
import { POST as createRateLimit, GET as listRateLimits } from "~/app/api/v1/rate-limits/route";
import { db } from "~/server/db";
import type { TKind, TWorld } from "./isolation-kinds";
import type { TPopulatedOrg } from "./org-fixtures";
import { idParams, noRouteContext, restRequest } from "./rest";

const rulesByOrg = new Map<string, Promise<{ policyId: string; rateLimitId: string }>>();
function rulesOf(b: TPopulatedOrg): Promise<{ policyId: string; rateLimitId: string }> {
  let rules = rulesByOrg.get(b.org.id);
  if (!rules) {
    const caller = b.members.owner.caller;
    rules = Promise.all([
      caller.policies.create({ namespaceId: b.namespace.id, name: "b-policy", effect: "deny", priority: 7 }),
      caller.rateLimits.create({
        namespaceId: b.namespace.id,
        name: "b-limit",
        scope: "namespace",
        limit: 7,
        windowSeconds: 70,
      }),
    ]).then(([policy, rateLimit]) => ({ policyId: policy.id, rateLimitId: rateLimit.id }));
    rulesByOrg.set(b.org.id, rules);
  }
  return rules;
}

export const RULE_KINDS: TKind[] = [
  {
    kind: "policy",
    trpc: {
      read: async ({ b, caller }) => caller.policies.get({ id: (await rulesOf(b)).policyId }),
      "list by its namespace": ({ b, caller }) => caller.policies.list({ namespaceId: b.namespace.id }),
      update: async ({ b, caller }) => caller.policies.update({ id: (await rulesOf(b)).policyId, effect: "allow" }),
      disable: async ({ b, caller }) => caller.policies.setEnabled({ id: (await rulesOf(b)).policyId, enabled: false }),
      delete: async ({ b, caller }) => caller.policies.delete({ id: (await rulesOf(b)).policyId }),
      "use (scope a policy to its namespace)": ({ b, caller }) =>
        caller.policies.create({ namespaceId: b.namespace.id, name: "intruder", effect: "deny" }),
      "use (match its API key)": {
        code: "BAD_REQUEST",
        call: ({ b, caller }: TWorld) =>
          caller.policies.create({ name: "intruder", effect: "deny", conditions: { apiKeyIds: [b.apiKey.id] } }),
      },
    },
    trpcLists: { list: ({ caller }) => caller.policies.list({}) },
    rest: {
      read: async ({ b }, token) => {
        const { policyId } = await rulesOf(b);
        return getPolicy(restRequest(`/api/v1/policies/${policyId}`, { token }), idParams(policyId));
      },
      update: async ({ b }, token) => {
        const { policyId } = await rulesOf(b);
        return putPolicy(
          restRequest(`/api/v1/policies/${policyId}`, { method: "PUT", token, body: { enabled: false } }),
          idParams(policyId),
        );
      },
      delete: async ({ b }, token) => {
        const { policyId } = await rulesOf(b);
        return deletePolicy(
          restRequest(`/api/v1/policies/${policyId}`, { method: "DELETE", token }),
          idParams(policyId),
        );
      },
      "use (scope a policy to its namespace)": ({ b }, token) =>
        createPolicy(
          restRequest("/api/v1/policies", {
            token,
            body: { namespaceId: b.namespace.id, name: "intruder", effect: "deny" },
          }),
          noRouteContext,
        ),
    },
    restLists: { list: (_world, token) => listPolicies(restRequest("/api/v1/policies", { token }), noRouteContext) },
    async unchanged({ b }) {
      const { policyId } = await rulesOf(b);
      expect(
        await db.policy.findUnique({
          where: { id: policyId },
          select: { effect: true, enabled: true, priority: true },
        }),
      ).toEqual({ effect: "deny", enabled: true, priority: 7 });
      expect(await db.policy.count({ where: { name: "intruder", orgId: b.org.id } })).toBe(0);
    },
  },
  {
    kind: "rate limit",
    trpc: {
      read: async ({ b, caller }) => caller.rateLimits.get({ id: (await rulesOf(b)).rateLimitId }),
      "list by its namespace": ({ b, caller }) => caller.rateLimits.list({ namespaceId: b.namespace.id }),
      update: async ({ b, caller }) => caller.rateLimits.update({ id: (await rulesOf(b)).rateLimitId, limit: 1 }),
      disable: async ({ b, caller }) =>
        caller.rateLimits.setEnabled({ id: (await rulesOf(b)).rateLimitId, enabled: false }),
      delete: async ({ b, caller }) => caller.rateLimits.delete({ id: (await rulesOf(b)).rateLimitId }),
      "use (limit its namespace)": ({ b, caller }) =>
        caller.rateLimits.create({
          namespaceId: b.namespace.id,
          name: "intruder",
          scope: "namespace",
          limit: 1,
          windowSeconds: 1,
        }),
      "use (target its API key)": {
        code: "BAD_REQUEST",
        call: ({ b, caller }: TWorld) =>
          caller.rateLimits.create({ name: "x", scope: "api_key", target: b.apiKey.id, limit: 1, windowSeconds: 1 }),
      },
    },
    trpcLists: { list: ({ caller }) => caller.rateLimits.list({}) },
    rest: {
      read: async ({ b }, token) => {
        const { rateLimitId } = await rulesOf(b);
        return getRateLimit(restRequest(`/api/v1/rate-limits/${rateLimitId}`, { token }), idParams(rateLimitId));
      },
      update: async ({ b }, token) => {
        const { rateLimitId } = await rulesOf(b);
        return putRateLimit(
          restRequest(`/api/v1/rate-limits/${rateLimitId}`, { method: "PUT", token, body: { limit: 1 } }),
          idParams(rateLimitId),
        );
      },
      delete: async ({ b }, token) => {
        const { rateLimitId } = await rulesOf(b);
        return deleteRateLimit(
          restRequest(`/api/v1/rate-limits/${rateLimitId}`, { method: "DELETE", token }),
          idParams(rateLimitId),
        );
      },
      "use (limit its namespace)": ({ b }, token) =>
        createRateLimit(
          restRequest("/api/v1/rate-limits", {
            token,
            body: { namespaceId: b.namespace.id, name: "intruder", scope: "namespace", limit: 1, windowSeconds: 1 },
          }),
          noRouteContext,
        ),
    },
    restLists: {
      list: (_world, token) => listRateLimits(restRequest("/api/v1/rate-limits", { token }), noRouteContext),
    },
    async unchanged({ b }) {
      const { rateLimitId } = await rulesOf(b);
      expect(
        await db.rateLimit.findUnique({ where: { id: rateLimitId }, select: { limit: true, enabled: true } }),
      ).toEqual({ limit: 7, enabled: true });
      expect(await db.rateLimit.count({ where: { name: "intruder", orgId: b.org.id } })).toBe(0);
    },
  },
];
