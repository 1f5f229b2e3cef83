// Policies and rate-limit rules of an org, loaded together (both are small) and cached until a
// policies/rate_limits change notification. Evaluation is pure so it is tested without a database.
import type { DbPool } from "../../db/pool.ts";
import { CachedLoader } from "../../lib/cached-loader.ts";
import { matchesAnyGlob } from "../../lib/glob.ts";
import { ipMatchesCidr } from "../../lib/ip.ts";
import { type OrgRules, type PolicyRule, type PolicySubject, type RateLimitRule, ZPolicyConditions } from "./model.ts";

export class RulesDirectory {
  readonly cache: CachedLoader<string, OrgRules>;

  constructor(
    private readonly pool: DbPool,
    options: { ttlMs: number; strict: () => boolean },
  ) {
    this.cache = new CachedLoader((orgId) => this.load(orgId), options);
  }

  forOrg(orgId: string): OrgRules | Promise<OrgRules> {
    return this.cache.get(orgId);
  }

  invalidateOrg(orgId: string | null): void {
    if (orgId === null) this.cache.clear();
    else this.cache.delete(orgId);
  }

  private async load(orgId: string): Promise<OrgRules> {
    const [policies, limits] = await Promise.all([
      this.pool.query<{
        id: string;
        name: string;
        namespace_id: string | null;
        effect: "allow" | "deny";
        priority: number;
        conditions: unknown;
      }>(
        `select id, name, namespace_id, effect::text as effect, priority, conditions
           from policies where org_id = $1 and enabled order by priority, created_at, id`,
        [orgId],
      ),
      this.pool.query<{
        id: string;
        name: string;
        namespace_id: string | null;
        scope: RateLimitRule["scope"];
        target: string | null;
        limit: number;
        window_seconds: number;
      }>(
        `select id, name, namespace_id, scope::text as scope, target, "limit", window_seconds
           from rate_limits where org_id = $1 and enabled order by created_at, id`,
        [orgId],
      ),
    ]);
    return {
      policies: policies.rows.map((row) => ({
        id: row.id,
        name: row.name,
        namespaceId: row.namespace_id,
        effect: row.effect,
        priority: row.priority,
        conditions: ZPolicyConditions.parse(row.conditions),
      })),
      rateLimits: limits.rows.map((row) => ({
        id: row.id,
        name: row.name,
        namespaceId: row.namespace_id,
        scope: row.scope,
        target: row.target,
        limit: row.limit,
        windowSeconds: row.window_seconds,
      })),
    };
  }
}

function policyMatches(policy: PolicyRule, subject: PolicySubject): boolean {
  if (policy.namespaceId !== null && policy.namespaceId !== subject.namespaceId) return false;
  const c = policy.conditions;
  if (c.methods && !matchesAnyGlob(subject.method, c.methods)) return false;
  if (c.tools && !matchesAnyGlob(subject.toolName ?? undefined, c.tools)) return false;
  if (c.servers && !matchesAnyGlob(subject.serverName ?? undefined, c.servers)) return false;
  if (c.apiKeyIds && !(subject.apiKeyId && c.apiKeyIds.includes(subject.apiKeyId))) return false;
  const roles: readonly string[] | undefined = c.roles;
  if (roles && !(subject.role !== null && roles.includes(subject.role))) return false;
  const scopes: readonly string[] | undefined = c.scopes;
  if (scopes && !subject.scopes.some((scope) => scopes.includes(scope))) return false;
  if (c.ipCidrs) {
    const ip = subject.clientIp;
    if (!ip || !c.ipCidrs.some((cidr) => ipMatchesCidr(ip, cidr))) return false;
  }
  return true;
}

/** The first matching policy by priority decides; no match means allowed. */
export function evaluatePolicies(policies: readonly PolicyRule[], subject: PolicySubject): PolicyRule | null {
  for (const policy of policies) {
    if (policyMatches(policy, subject)) return policy;
  }
  return null;
}
