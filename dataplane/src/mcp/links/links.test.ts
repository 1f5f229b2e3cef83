// The chain's links one at a time, and in composition, with plain values (no database).
import { describe, expect, test } from "bun:test";
import { AppError } from "../../lib/app-error.ts";
import type { Principal } from "../../modules/auth/model.ts";
import type { PolicyRule } from "../../modules/policies/model.ts";
import { evaluatePolicies } from "../../modules/policies/service.ts";
import { MemoryRateLimiter } from "../../modules/rate-limits/memory-limiter.ts";
import { rateLimitKey } from "../../modules/rate-limits/service.ts";
import type { NamespaceRoute } from "../../modules/routing/model.ts";
import { composeChain, type McpCall, type McpLink } from "../chain.ts";
import { scopeLink } from "./scope-link.ts";

const route: NamespaceRoute = {
  orgId: "org-1",
  orgSlug: "acme",
  namespaceId: "ns-1",
  namespaceSlug: "default",
  namespaceName: "Default",
  servers: [],
  serversByName: new Map(),
};

function call(method: string, principal: Partial<Principal> = {}, toolName: string | null = null): McpCall {
  return {
    message: { jsonrpc: "2.0", id: 1, method },
    method,
    id: 1,
    params: {},
    principal: {
      kind: "api_key",
      role: null,
      apiKeyId: "key-1",
      orgId: "org-1",
      scopes: ["mcp:full"],
      namespaceIds: [],
      userId: null,
      ...principal,
    },
    route,
    sessionId: "s",
    transport: "streamable-http",
    toolName,
    server: null,
    clientIp: "10.1.2.3",
    requestBytes: null,
    startedAt: performance.now(),
  };
}

const terminal = async () => ({ response: { jsonrpc: "2.0" as const, id: 1, result: {} } });

describe("composeChain", () => {
  test("runs links in order around the terminal", async () => {
    const seen: string[] = [];
    const link =
      (name: string): McpLink =>
      async (_call, next) => {
        seen.push(`${name}>`);
        const outcome = await next();
        seen.push(`<${name}`);
        return outcome;
      };
    await composeChain([link("a"), link("b")])(call("tools/list"), async () => {
      seen.push("terminal");
      return { response: null };
    });
    expect(seen).toEqual(["a>", "b>", "terminal", "<b", "<a"]);
  });
});

describe("scopeLink", () => {
  test("a read-only key may list but not call tools", async () => {
    const readOnly = { scopes: ["mcp:read"] };
    await expect(scopeLink(call("tools/list", readOnly), terminal)).resolves.toBeDefined();
    const denied = await Promise.resolve()
      .then(() => scopeLink(call("tools/call", readOnly), terminal))
      .catch((e) => e);
    expect(denied).toBeInstanceOf(AppError);
    expect((denied as AppError).rpcCode).toBe(-32043);
    expect((denied as AppError).message).toContain("Forbidden (403)");
  });
});

describe("evaluatePolicies", () => {
  const subject = {
    namespaceId: "ns-1",
    method: "tools/call",
    toolName: "github__delete_repo",
    serverName: "github",
    apiKeyId: "key-1",
    role: null,
    scopes: ["mcp:full"],
    clientIp: "10.1.2.3",
  };
  const rule = (partial: Partial<PolicyRule>): PolicyRule => ({
    id: partial.name ?? "p",
    name: "p",
    namespaceId: null,
    effect: "deny",
    priority: 100,
    conditions: {},
    ...partial,
  });

  test("first match by priority decides; no match allows", () => {
    const policies = [
      rule({ name: "allow-admin-ip", effect: "allow", priority: 10, conditions: { ipCidrs: ["192.168.0.0/16"] } }),
      rule({ name: "no-deletes", priority: 20, conditions: { tools: ["*__delete_*"] } }),
    ];
    expect(evaluatePolicies(policies, subject)?.name).toBe("no-deletes");
    expect(evaluatePolicies(policies, { ...subject, clientIp: "192.168.4.4" })?.name).toBe("allow-admin-ip");
    expect(evaluatePolicies(policies, { ...subject, toolName: "github__list_repos" })).toBeNull();
  });

  test("matchers: methods glob, servers, api keys, namespace", () => {
    expect(evaluatePolicies([rule({ conditions: { methods: ["tools/*"] } })], subject)).not.toBeNull();
    expect(evaluatePolicies([rule({ conditions: { methods: ["prompts/*"] } })], subject)).toBeNull();
    expect(evaluatePolicies([rule({ conditions: { servers: ["gitlab"] } })], subject)).toBeNull();
    expect(evaluatePolicies([rule({ conditions: { apiKeyIds: ["key-1"] } })], subject)).not.toBeNull();
    expect(evaluatePolicies([rule({ namespaceId: "ns-2" })], subject)).toBeNull();
  });

  test("roles match a JWT caller's org role and never an API key; scopes match the credential's scopes", () => {
    const viewerOnly = [rule({ conditions: { roles: ["viewer"] } })];
    const jwt = (role: "viewer" | "member", scopes: string[]) => ({ ...subject, apiKeyId: "jwt:u", role, scopes });
    expect(evaluatePolicies(viewerOnly, jwt("viewer", ["mcp:read"]))).not.toBeNull();
    expect(evaluatePolicies(viewerOnly, jwt("member", ["mcp:full"]))).toBeNull();
    // An API key has no role, even a read-only one whose scopes a viewer's equal.
    expect(evaluatePolicies(viewerOnly, { ...subject, scopes: ["mcp:read"] })).toBeNull();

    const readScope = [rule({ conditions: { scopes: ["mcp:read"] } })];
    expect(evaluatePolicies(readScope, { ...subject, scopes: ["mcp:read"] })).not.toBeNull();
    expect(evaluatePolicies(readScope, jwt("viewer", ["mcp:read"]))).not.toBeNull();
    expect(evaluatePolicies(readScope, subject)).toBeNull();
    // Scope names under `roles` are not roles: nothing matches them.
    expect(evaluatePolicies([rule({ conditions: { roles: ["mcp:full"] as never } })], subject)).toBeNull();
  });
});

describe("MemoryRateLimiter (sliding window)", () => {
  test("allows `limit` per window, then denies with a retry time; the window slides", () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimiter(() => now);
    const results = Array.from({ length: 4 }, () => limiter.consume("k", 3, 1_000).allowed);
    expect(results).toEqual([true, true, true, false]);
    expect(limiter.consume("k", 3, 1_000).retryAfterMs).toBeGreaterThan(0);
    // Half way through the next window, half of the previous window's 3 still count: 1.5 + 1 ≤ 3.
    now += 1_500;
    expect(limiter.consume("k", 3, 1_000).allowed).toBe(true);
    now += 2_000;
    expect(limiter.consume("k", 3, 1_000)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
  });

  test("keys are independent", () => {
    const limiter = new MemoryRateLimiter(() => 5_000);
    expect(limiter.consume("a", 1, 1_000).allowed).toBe(true);
    expect(limiter.consume("a", 1, 1_000).allowed).toBe(false);
    expect(limiter.consume("b", 1, 1_000).allowed).toBe(true);
  });
});

describe("rateLimitKey", () => {
  const base = { id: "r1", name: "r", namespaceId: null, target: null, limit: 1, windowSeconds: 1 };
  const subject = {
    orgId: "o",
    namespaceId: "n",
    apiKeyId: "k",
    userId: null,
    clientIp: "1.2.3.4",
    method: "tools/call",
    toolName: "gh__x",
  };
  test("maps each scope to its counter key, or null when it does not apply", () => {
    expect(rateLimitKey({ ...base, scope: "org" }, subject)).toBe("org:o:r1");
    expect(rateLimitKey({ ...base, scope: "api_key" }, subject)).toBe("key:k:r1");
    expect(rateLimitKey({ ...base, scope: "api_key", target: "other" }, subject)).toBeNull();
    expect(rateLimitKey({ ...base, scope: "user" }, subject)).toBeNull();
    expect(rateLimitKey({ ...base, scope: "ip" }, subject)).toBe("ip:1.2.3.4:r1");
    expect(rateLimitKey({ ...base, scope: "tool", target: "gh__*" }, subject)).toBe("tool:n:gh__x:r1");
    expect(rateLimitKey({ ...base, scope: "tool" }, { ...subject, method: "tools/list" })).toBeNull();
    expect(rateLimitKey({ ...base, scope: "namespace", namespaceId: "other" }, subject)).toBeNull();
  });
});
