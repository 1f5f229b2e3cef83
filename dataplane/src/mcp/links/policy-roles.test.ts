// Policy `roles` and `scopes` against a real gateway: `roles` are the org role of an access-JWT caller (an
// API key has none, so it is never matched), `scopes` are the credential's scopes (a key's own, or those
// of a JWT's role). Rows are written in the shape the web writes them (the shared input schema).
import { beforeAll, describe, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { TRole } from "@omnimesh/db/permissions";
import { ZPolicyConditionsInput } from "@omnimesh/db/policy-conditions";
import { signTestToken, suiteSigningKey, type TestSigningKey } from "../../modules/auth/test-signing-keys.ts";
import { demoStdioServer, eventually, type Tenant } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";

const suite = gatewaySuite({ key: false });
let signingKey: TestSigningKey;

beforeAll(async () => {
  signingKey = await suiteSigningKey(suite);
});

type RpcError = Error & { code?: number };

/** Inserts a deny policy (as create-policy.ts does) and waits until the gateway dropped its cached rules. */
async function denyPolicy(tenant: Tenant, name: string, conditions: unknown): Promise<void> {
  await suite.gateway.dataplane.rules.forOrg(tenant.orgId);
  await suite.pool.query(
    `insert into policies (id, org_id, namespace_id, name, description, effect, priority, enabled, conditions, updated_at)
     values ($1, $2, null, $3, '', 'deny', 100, true, $4, now())`,
    [randomUUID(), tenant.orgId, name, JSON.stringify(ZPolicyConditionsInput.parse(conditions))],
  );
  await eventually(async () => !suite.gateway.dataplane.rules.cache.has(tenant.orgId), 3_000);
}

async function asRole(tenant: Tenant, role: TRole): Promise<Client> {
  const token = await signTestToken(signingKey, { userId: randomUUID(), orgId: tenant.orgId, role });
  return suite.connect({ endpoint: suite.gateway.endpoint(tenant), key: token });
}

async function withKey(tenant: Tenant, scopes: string[]): Promise<Client> {
  const { key } = await suite.createKey({ orgId: tenant.orgId, scopes });
  return suite.connect({ endpoint: suite.gateway.endpoint(tenant), key });
}

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (e: RpcError) => `${e.code}: ${e.message}`,
  );
const callEcho = (client: Client) => outcome(client.callTool({ name: "demo__echo", arguments: { text: "hi" } }));
const listTools = (client: Client) => outcome(client.listTools());
const toolNames = async (client: Client) => (await client.listTools()).tools.map((tool) => tool.name);
const denied = (what: string, policy: string) =>
  `-32043: MCP error -32043: Forbidden (403): ${what} denied by policy "${policy}"`;

describe("policy roles and scopes", () => {
  test("roles: [viewer] denies a viewer's JWT, not a member's, and never an API key (not even a read-only one)", async () => {
    const tenant = await suite.createTenant([demoStdioServer("demo")]);
    const viewer = await asRole(tenant, "viewer");
    const member = await asRole(tenant, "member");
    const readKey = await withKey(tenant, ["mcp:read"]);
    await denyPolicy(tenant, "no viewers", { roles: ["viewer"], methods: ["tools/*"] });

    expect(await listTools(viewer)).toBe(denied("tools/list", "no viewers"));
    // A viewer may never call tools (the scope link refuses it before any policy); the policy holds regardless.
    expect(await callEcho(viewer)).toStartWith("-32043: MCP error -32043: Forbidden (403)");
    expect(await listTools(member)).toBe("ok");
    expect(await callEcho(member)).toBe("ok");
    // Same scopes as a viewer (mcp:read), but a key has no role.
    expect(await toolNames(readKey)).toContain("demo__echo");
  });

  test("roles: [member] on one tool blocks and hides it for a member's JWT only", async () => {
    const tenant = await suite.createTenant([demoStdioServer("demo")]);
    const member = await asRole(tenant, "member");
    const admin = await asRole(tenant, "admin");
    const fullKey = await withKey(tenant, ["mcp:full"]);
    await denyPolicy(tenant, "members no echo", { roles: ["member"], tools: ["demo__echo"] });

    expect(await callEcho(member)).toBe(denied("tools/call demo__echo", "members no echo"));
    expect(await toolNames(member)).not.toContain("demo__echo");
    expect(await member.callTool({ name: "demo__add", arguments: { a: 2, b: 3 } })).toMatchObject({
      structuredContent: { sum: 5 },
    });
    expect(await callEcho(admin)).toBe("ok");
    expect(await toolNames(admin)).toContain("demo__echo");
    // An mcp:full key has a member's scopes but no role.
    expect(await callEcho(fullKey)).toBe("ok");
  });

  test("scopes: [mcp:read] matches a read-only key and a viewer's JWT, not a full key nor a member", async () => {
    const tenant = await suite.createTenant([demoStdioServer("demo")]);
    const readKey = await withKey(tenant, ["mcp:read"]);
    const viewer = await asRole(tenant, "viewer");
    const fullKey = await withKey(tenant, ["mcp:full"]);
    const member = await asRole(tenant, "member");
    await denyPolicy(tenant, "read-only no listing", { scopes: ["mcp:read"], methods: ["tools/list"] });

    expect(await listTools(readKey)).toBe(denied("tools/list", "read-only no listing"));
    expect(await listTools(viewer)).toBe(denied("tools/list", "read-only no listing"));
    expect(await listTools(fullKey)).toBe("ok");
    expect(await listTools(member)).toBe("ok");
  });
});
