import { describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { addMember, createAccount } from "~/test/fixtures";
import { accessTokenFor, idParams, noRouteContext, readBody, restRequest } from "~/test/rest";
import { DELETE as deletePolicy, GET as getPolicy, PUT as putPolicy } from "./[id]/route";
import { POST as createPolicy, GET as listPolicies } from "./route";

type TErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };
interface TPolicyBody {
  id: string;
  name: string;
  effect: string;
  enabled: boolean;
  namespaceId: string | null;
  conditions: Record<string, string[]>;
}

async function owner() {
  const account = await createAccount("rest-pol");
  const namespace = await account.caller.namespaces.create({ name: "Tools" });
  const adminKey = await account.caller.apiKeys.create({ name: "ops", scopes: ["admin"] });
  return { ...account, namespace, token: await accessTokenFor(account), apiKey: adminKey.secret };
}

describe("REST /api/v1/policies", () => {
  it("creates, lists, gets, updates (PUT) and deletes with a JWT and an admin API key, each write audited", async () => {
    const a = await owner();
    const created = await createPolicy(
      restRequest("/api/v1/policies", {
        token: a.apiKey,
        body: {
          namespaceId: a.namespace.id,
          name: "no echo",
          effect: "deny",
          priority: 1,
          conditions: { tools: ["demo__echo"], methods: ["tools/call"], roles: ["viewer"], scopes: ["mcp:read"] },
        },
      }),
      noRouteContext,
    );
    expect(created.status).toBe(201);
    const policy = await readBody<TPolicyBody>(created);
    expect(policy).toMatchObject({
      name: "no echo",
      effect: "deny",
      enabled: true,
      namespaceId: a.namespace.id,
      conditions: { tools: ["demo__echo"], methods: ["tools/call"], roles: ["viewer"], scopes: ["mcp:read"] },
    });
    const listed = await readBody<{ items: TPolicyBody[] }>(
      await listPolicies(
        restRequest(`/api/v1/policies?namespaceId=${a.namespace.id}`, { token: a.token }),
        noRouteContext,
      ),
    );
    expect(listed.items.map((item) => item.id)).toEqual([policy.id]);
    const path = `/api/v1/policies/${policy.id}`;
    expect(await readBody(await getPolicy(restRequest(path, { token: a.token }), idParams(policy.id)))).toEqual(policy);

    const updated = await putPolicy(
      restRequest(path, { method: "PUT", token: a.token, body: { enabled: false, conditions: { servers: ["demo"] } } }),
      idParams(policy.id),
    );
    expect(updated.status).toBe(200);
    expect(await readBody(updated)).toMatchObject({ id: policy.id, enabled: false, conditions: { servers: ["demo"] } });

    const deleted = await deletePolicy(restRequest(path, { method: "DELETE", token: a.token }), idParams(policy.id));
    expect(await readBody(deleted)).toEqual({ id: policy.id, deleted: true });
    expect((await getPolicy(restRequest(path, { token: a.token }), idParams(policy.id))).status).toBe(404);
    const audit = await db.auditLog.findMany({
      where: { targetId: policy.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { action: true, actorApiKeyId: true, actorUserId: true },
    });
    expect(audit.map((row) => row.action)).toEqual(["policy.create", "policy.update", "policy.delete"]);
    expect(audit[0]?.actorApiKeyId).not.toBeNull();
    expect(audit[1]?.actorUserId).toBe(a.userId);
  });

  it("answers bad bodies with 400 and the fields at fault", async () => {
    const a = await owner();
    const bad = await createPolicy(
      restRequest("/api/v1/policies", {
        token: a.token,
        body: {
          name: "x",
          effect: "maybe",
          conditions: { ipCidrs: ["nonsense"], tools: "demo__echo", roles: ["mcp:read"], scopes: ["member"] },
        },
      }),
      noRouteContext,
    );
    expect(bad.status).toBe(400);
    const body = await readBody<TErrorBody>(bad);
    expect(body.error.code).toBe("VALIDATION_ERROR");
    expect(body.error.fields).toMatchObject({
      effect: "Effect must be allow or deny",
      "conditions.ipCidrs.0": "Use an IPv4 address or CIDR (10.0.0.0/8), or an exact IPv6 address",
      "conditions.roles.0": "Use an org role: owner, admin, member, viewer (API key scopes go under scopes)",
      "conditions.scopes.0": "Use a scope: mcp:full, mcp:read, admin",
    });
    expect(body.error.fields?.["conditions.tools"]).toBeDefined();

    const notObject = await putPolicy(
      restRequest("/api/v1/policies/whatever", { method: "PUT", token: a.token, body: [1] }),
      idParams("whatever"),
    );
    expect(notObject.status).toBe(400);
    expect((await readBody<TErrorBody>(notObject)).error.message).toBe("Request body must be a JSON object");
  });

  it("forbids writes to members (403) and hides other orgs' policies (404)", async () => {
    const a = await owner();
    const policy = await a.caller.policies.create({ name: "mine", effect: "deny" });
    const member = await addMember(a.org.id, "member");
    const memberToken = await accessTokenFor(member, "member");
    const path = `/api/v1/policies/${policy.id}`;
    expect((await getPolicy(restRequest(path, { token: memberToken }), idParams(policy.id))).status).toBe(200);
    const forbidden = await putPolicy(
      restRequest(path, { method: "PUT", token: memberToken, body: { enabled: false } }),
      idParams(policy.id),
    );
    expect(forbidden.status).toBe(403);

    const b = await owner();
    for (const response of [
      await getPolicy(restRequest(path, { token: b.token }), idParams(policy.id)),
      await putPolicy(restRequest(path, { method: "PUT", token: b.token, body: { name: "x" } }), idParams(policy.id)),
      await deletePolicy(restRequest(path, { method: "DELETE", token: b.apiKey }), idParams(policy.id)),
      await createPolicy(
        restRequest("/api/v1/policies", {
          token: b.token,
          body: { namespaceId: a.namespace.id, name: "intruder", effect: "deny" },
        }),
        noRouteContext,
      ),
    ]) {
      expect(response.status).toBe(404);
      expect(JSON.stringify(await response.json())).not.toContain("mine");
    }
    expect((await listPolicies(restRequest("/api/v1/policies"), noRouteContext)).status).toBe(401);
    expect(await a.caller.policies.get({ id: policy.id })).toMatchObject({ enabled: true, name: "mine" });
  });
});
