import { describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { addMember, ownerWithNamespaceAndKey } from "~/test/fixtures";
import { fieldsOf, trpcError } from "~/test/trpc-errors";

const ownerWithNamespace = () => ownerWithNamespaceAndKey("pol");

async function auditActions(targetId: string) {
  const rows = await db.auditLog.findMany({
    where: { targetId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { action: true, targetType: true, before: true, after: true },
  });
  return rows;
}

describe("policies router", () => {
  it("creates a policy with normalised conditions, lists it in evaluation order and gets it, audited", async () => {
    const a = await ownerWithNamespace();
    const deny = await a.caller.policies.create({
      namespaceId: a.namespace.id,
      name: "no echo",
      effect: "deny",
      priority: 10,
      conditions: {
        methods: ["tools/call", "tools/call"],
        tools: ["demo__echo"],
        servers: [],
        roles: ["viewer", "member", "viewer"],
        scopes: ["mcp:full"],
        apiKeyIds: [a.keyId],
        ipCidrs: ["10.0.0.0/8", "::1"],
      },
    });
    expect(deny).toMatchObject({
      namespaceId: a.namespace.id,
      namespace: { slug: a.namespace.slug, name: "Tools" },
      name: "no echo",
      description: "",
      effect: "deny",
      priority: 10,
      enabled: true,
      conditionsValid: true,
    });
    // Duplicates collapse and the empty `servers` is dropped: present-but-empty would match nothing.
    expect(deny.conditions).toEqual({
      methods: ["tools/call"],
      tools: ["demo__echo"],
      roles: ["viewer", "member"],
      scopes: ["mcp:full"],
      apiKeyIds: [a.keyId],
      ipCidrs: ["10.0.0.0/8", "::1"],
    });
    const stored = await db.policy.findUniqueOrThrow({ where: { id: deny.id }, select: { conditions: true } });
    expect(stored.conditions).toEqual(deny.conditions);

    const orgWide = await a.caller.policies.create({ name: "allow all", effect: "allow", priority: 200 });
    expect(orgWide).toMatchObject({ namespaceId: null, namespace: null, conditions: {}, priority: 200 });
    expect((await a.caller.policies.list({})).map((p) => p.id)).toEqual([deny.id, orgWide.id]);
    // A namespace's view holds its own policies and the org-wide ones.
    const other = await a.caller.namespaces.create({ name: "Other" });
    expect((await a.caller.policies.list({ namespaceId: other.id })).map((p) => p.id)).toEqual([orgWide.id]);
    expect(await a.caller.policies.get({ id: deny.id })).toEqual(deny);

    const [audit] = await auditActions(deny.id);
    expect(audit).toMatchObject({ action: "policy.create", targetType: "policy", before: null });
    expect(audit?.after).toMatchObject({ id: deny.id, effect: "deny", conditions: deny.conditions });
  });

  it("updates, disables, enables and deletes, each write audited with before and after", async () => {
    const a = await ownerWithNamespace();
    const created = await a.caller.policies.create({
      name: "no echo",
      effect: "deny",
      conditions: { tools: ["demo__echo"] },
    });
    const updated = await a.caller.policies.update({
      id: created.id,
      namespaceId: a.namespace.id,
      priority: 5,
      conditions: { tools: ["demo__*"], methods: ["tools/call"] },
    });
    expect(updated).toMatchObject({
      name: "no echo",
      namespaceId: a.namespace.id,
      priority: 5,
      conditions: { tools: ["demo__*"], methods: ["tools/call"] },
    });
    expect((await a.caller.policies.setEnabled({ id: created.id, enabled: false })).enabled).toBe(false);
    expect((await a.caller.policies.setEnabled({ id: created.id, enabled: true })).enabled).toBe(true);
    // Back to the whole org.
    expect((await a.caller.policies.update({ id: created.id, namespaceId: null })).namespaceId).toBeNull();
    await a.caller.policies.delete({ id: created.id });
    expect(await a.caller.policies.list({})).toEqual([]);

    const audit = await auditActions(created.id);
    expect(audit.map((row) => row.action)).toEqual([
      "policy.create",
      "policy.update",
      "policy.disable",
      "policy.enable",
      "policy.update",
      "policy.delete",
    ]);
    expect(audit[1]?.before).toMatchObject({ priority: 100, conditions: { tools: ["demo__echo"] } });
    expect(audit[1]?.after).toMatchObject({ priority: 5, conditions: { tools: ["demo__*"], methods: ["tools/call"] } });
    expect(audit[2]).toMatchObject({ before: { enabled: true }, after: { enabled: false } });
    expect(audit[5]).toMatchObject({ after: null, before: { id: created.id, name: "no echo" } });
  });

  it("refuses what the data plane would ignore or never match, naming the field", async () => {
    const a = await ownerWithNamespace();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ effect: "block" }, "effect", "Effect must be allow or deny"],
      [{ priority: 1.5 }, "priority", "Priority must be a whole number"],
      [{ priority: -1 }, "priority", "Priority must be between 0 and 100000"],
      [{ name: "  " }, "name", "Name is required"],
      [{ conditions: { tools: ["has space"] } }, "conditions.tools.0", "Use a tool name such as demo__echo"],
      [{ conditions: { servers: ["a/b"] } }, "conditions.servers.0", "Use a server name"],
      [{ conditions: { methods: ["tools call"] } }, "conditions.methods.0", "Use an MCP method such as tools/call"],
      [
        { conditions: { roles: ["mcp:full"] } },
        "conditions.roles.0",
        "Use an org role: owner, admin, member, viewer (API key scopes go under scopes)",
      ],
      [{ conditions: { scopes: ["viewer"] } }, "conditions.scopes.0", "Use a scope: mcp:full, mcp:read, admin"],
      [{ conditions: { ipCidrs: ["10.0.0.0/33"] } }, "conditions.ipCidrs.0", "Use an IPv4 address or CIDR"],
      [{ conditions: { ipCidrs: ["fd00::/8"] } }, "conditions.ipCidrs.0", "Use an IPv4 address or CIDR"],
      [{ conditions: { toolNames: ["x"] } }, "conditions", 'Unrecognized key: "toolNames"'],
    ];
    for (const [patch, field, message] of cases) {
      const error = await trpcError(
        a.caller.policies.create({ name: "x", effect: "deny", ...patch } as Parameters<
          typeof a.caller.policies.create
        >[0]),
      );
      expect(error.code, field).toBe("BAD_REQUEST");
      const fields = fieldsOf(error);
      expect(fields?.[field], JSON.stringify(fields)).toContain(message);
    }
    // Another org's (or no) API key could never match: refused on its index.
    const b = await ownerWithNamespace();
    const foreignKey = await trpcError(
      a.caller.policies.create({ name: "x", effect: "deny", conditions: { apiKeyIds: [a.keyId, b.keyId] } }),
    );
    expect(foreignKey.code).toBe("BAD_REQUEST");
    expect(foreignKey.cause).toMatchObject({
      code: "VALIDATION_ERROR",
      fields: { "conditions.apiKeyIds.1": "No such API key in this organization" },
    });
    expect(await db.policy.count({ where: { orgId: a.org.id } })).toBe(0);
  });

  it("lets every role read but only owners and admins write", async () => {
    const a = await ownerWithNamespace();
    const created = await a.caller.policies.create({ name: "p", effect: "deny" });
    const admin = await addMember(a.org.id, "admin");
    expect((await admin.caller.policies.update({ id: created.id, description: "by admin" })).description).toBe(
      "by admin",
    );
    for (const role of ["member", "viewer"] as const) {
      const user = await addMember(a.org.id, role);
      expect((await user.caller.policies.list({})).map((p) => p.id)).toEqual([created.id]);
      expect(await user.caller.policies.get({ id: created.id })).toMatchObject({ name: "p" });
      for (const attempt of [
        () => user.caller.policies.create({ name: "q", effect: "allow" }),
        () => user.caller.policies.update({ id: created.id, priority: 1 }),
        () => user.caller.policies.setEnabled({ id: created.id, enabled: false }),
        () => user.caller.policies.delete({ id: created.id }),
      ]) {
        const error = await trpcError(attempt());
        expect(error.code).toBe("FORBIDDEN");
        expect(error.message).toBe(`Your role (${role}) cannot do this`);
      }
    }
    expect(await a.caller.policies.get({ id: created.id })).toMatchObject({ enabled: true, priority: 100 });
  });

  it("never shows or changes another org's policies, nor scopes one to its namespace: NOT_FOUND", async () => {
    const a = await ownerWithNamespace();
    const b = await ownerWithNamespace();
    const theirs = await b.caller.policies.create({ namespaceId: b.namespace.id, name: "b-only", effect: "deny" });
    expect(await a.caller.policies.list({})).toEqual([]);
    const mine = await a.caller.policies.create({ name: "mine", effect: "deny" });
    for (const attempt of [
      () => a.caller.policies.get({ id: theirs.id }),
      () => a.caller.policies.update({ id: theirs.id, name: "hijacked" }),
      () => a.caller.policies.setEnabled({ id: theirs.id, enabled: false }),
      () => a.caller.policies.delete({ id: theirs.id }),
      () => a.caller.policies.list({ namespaceId: b.namespace.id }),
      () => a.caller.policies.create({ namespaceId: b.namespace.id, name: "intruder", effect: "allow" }),
      () => a.caller.policies.update({ id: mine.id, namespaceId: b.namespace.id }),
    ]) {
      const error = await trpcError(attempt());
      expect(error.code).toBe("NOT_FOUND");
      expect(error.message).not.toContain(b.org.slug);
    }
    expect(await b.caller.policies.get({ id: theirs.id })).toMatchObject({ name: "b-only", enabled: true });
  });
});
