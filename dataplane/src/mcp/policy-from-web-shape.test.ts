// The control plane writes policies.conditions and rate_limits through the shared schema in
// prisma/src/policy-conditions.ts. These rows are built exactly as the web services build them (the same
// input schema, from what a form submits) and the real gateway must enforce them; a row the web would
// refuse must never widen a policy.
import { describe, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import { rateLimitTargetProblem, type TPolicyConditions, ZPolicyConditionsInput } from "@omnimesh/db/policy-conditions";
import { connectClient, demoStdioServer, eventually, type Tenant } from "../test/fixtures.ts";
import { gatewaySuite } from "../test/gateway-suite.ts";

const suite = gatewaySuite();
const { pool } = suite;

type RpcError = Error & { code?: number };

/** Loads the org's rules into the cache, runs the write, and waits for the change notification to drop them. */
async function changeRules(orgId: string, write: () => Promise<unknown>) {
  await suite.gateway.dataplane.rules.forOrg(orgId);
  await write();
  await eventually(async () => !suite.gateway.dataplane.rules.cache.has(orgId), 3_000);
}

/** The insert of web/src/server/services/policies/create-policy.ts, column for column. */
async function insertPolicy(tenant: Tenant, name: string, conditions: TPolicyConditions): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `insert into policies (id, org_id, namespace_id, name, description, effect, priority, enabled, conditions, updated_at)
     values ($1, $2, $3, $4, '', 'deny', 100, true, $5, now())`,
    [id, tenant.orgId, tenant.namespaceId, name, JSON.stringify(conditions)],
  );
  return id;
}

const callEcho = (client: Awaited<ReturnType<typeof connectClient>>) =>
  client.callTool({ name: "demo__echo", arguments: { text: "hi" } }).then(
    () => "ok",
    (e: RpcError) => `${e.code}: ${e.message}`,
  );

describe("rules in the shape the control plane writes", () => {
  test("a deny policy built from a form's input blocks and hides the tool for the keys it names only", async () => {
    const tenant = await suite.createTenant([demoStdioServer("demo")]);
    const named = await suite.createKey({ orgId: tenant.orgId });
    const other = await suite.createKey({ orgId: tenant.orgId });
    // What the policy form submits: every matcher, the unused ones empty.
    const conditions = ZPolicyConditionsInput.parse({
      methods: ["tools/call"],
      tools: ["demo__echo"],
      servers: [],
      roles: [],
      scopes: ["mcp:full"],
      apiKeyIds: [named.id],
      ipCidrs: ["127.0.0.0/8", "::1"],
    });
    expect(conditions).toEqual({
      methods: ["tools/call"],
      tools: ["demo__echo"],
      scopes: ["mcp:full"],
      apiKeyIds: [named.id],
      ipCidrs: ["127.0.0.0/8", "::1"],
    });
    let policyId = "";
    await changeRules(tenant.orgId, async () => {
      policyId = await insertPolicy(tenant, "no echo", conditions);
    });

    const client = await connectClient(suite.gateway.endpoint(tenant), named.key);
    expect(await callEcho(client)).toBe(
      '-32043: MCP error -32043: Forbidden (403): tools/call demo__echo denied by policy "no echo"',
    );
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).not.toContain("demo__echo");
    expect(names).toContain("demo__add");
    expect(await client.callTool({ name: "demo__add", arguments: { a: 2, b: 3 } })).toMatchObject({
      structuredContent: { sum: 5 },
    });
    const bystander = await connectClient(suite.gateway.endpoint(tenant), other.key);
    expect(await callEcho(bystander)).toBe("ok");

    // setPolicyEnabled(false): the same row, disabled.
    await changeRules(tenant.orgId, () => pool.query(`update policies set enabled = false where id = $1`, [policyId]));
    expect(await callEcho(client)).toBe("ok");
    await client.close();
    await bystander.close();
  });

  test("a tool rate limit with a target the web accepts limits that tool only", async () => {
    const tenant = await suite.createTenant([demoStdioServer("demo")]);
    const { key } = await suite.createKey({ orgId: tenant.orgId });
    expect(rateLimitTargetProblem("tool", "demo__ec*")).toBeNull();
    await changeRules(tenant.orgId, () =>
      pool.query(
        `insert into rate_limits (id, org_id, namespace_id, name, scope, target, "limit", window_seconds, enabled, updated_at)
         values ($1, $2, $3, 'echo twice', 'tool', 'demo__ec*', 2, 60, true, now())`,
        [randomUUID(), tenant.orgId, tenant.namespaceId],
      ),
    );
    const client = await connectClient(suite.gateway.endpoint(tenant), key);
    const outcomes = [await callEcho(client), await callEcho(client), await callEcho(client)];
    expect(outcomes.slice(0, 2)).toEqual(["ok", "ok"]);
    expect(outcomes[2]).toStartWith('-32029: MCP error -32029: Rate limit "echo twice" exceeded: 2 requests per 60 s');
    expect(await client.callTool({ name: "demo__add", arguments: { a: 1, b: 1 } })).toMatchObject({
      structuredContent: { sum: 2 },
    });
    await client.close();
  });

  test("a row the web would refuse (a scope where an org role belongs) matches nothing", async () => {
    const tenant = await suite.createTenant([demoStdioServer("demo")]);
    const { key } = await suite.createKey({ orgId: tenant.orgId });
    const refused = { tools: ["demo__echo"], roles: ["mcp:full"] };
    expect(ZPolicyConditionsInput.safeParse(refused).success).toBe(false);
    await changeRules(tenant.orgId, () => insertPolicy(tenant, "bad row", refused as TPolicyConditions));
    const rules = await suite.gateway.dataplane.rules.forOrg(tenant.orgId);
    expect(rules.policies.map((policy) => policy.conditions)).toEqual([{ methods: ["__invalid_conditions__"] }]);
    const client = await connectClient(suite.gateway.endpoint(tenant), key);
    expect(await callEcho(client)).toBe("ok");
    await client.close();
  });
});
