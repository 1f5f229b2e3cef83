// The policy_roles_to_scopes migration, run on rows in the shape the web wrote before `roles` meant org
// roles: scope values under `roles` move to `scopes` and read back valid, anything else stays as it was.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { createAccount } from "~/test/fixtures";

const migrations = join(import.meta.dirname, "../../../../../prisma/migrations");
const migrationDir = readdirSync(migrations).find((name) => name.endsWith("_policy_roles_to_scopes"));
if (!migrationDir) throw new Error("the policy_roles_to_scopes migration is missing");
const migrationSql = readFileSync(join(migrations, migrationDir, "migration.sql"), "utf8").trim();

/** The migration's one UPDATE, narrowed to one org so parallel tests' rows are left alone. */
async function migrateOrg(orgId: string) {
  expect(migrationSql).not.toContain(";");
  return db.$executeRawUnsafe(`${migrationSql} AND "org_id" = $1`, orgId);
}

describe("policy_roles_to_scopes migration", () => {
  it("moves scope-valued roles to scopes, leaves role names, mixed and other rows untouched", async () => {
    const a = await createAccount("pol-mig");
    const insert = (name: string, conditions: object) =>
      db.policy.create({ data: { orgId: a.org.id, name, effect: "deny", conditions }, select: { id: true } });
    const legacy = await insert("legacy", { roles: ["mcp:read", "admin"], tools: ["demo__*"] });
    const roleNames = await insert("role names", { roles: ["viewer"] });
    const mixed = await insert("mixed", { roles: ["viewer", "mcp:full"] });
    const plain = await insert("plain", { methods: ["tools/call"] });

    // Before: the stored legacy row no longer parses, so the list flags it (and the data plane matches nothing).
    expect(await a.caller.policies.get({ id: legacy.id })).toMatchObject({ conditionsValid: false, conditions: {} });

    expect(await migrateOrg(a.org.id)).toBe(1);
    expect(await a.caller.policies.get({ id: legacy.id })).toMatchObject({
      conditionsValid: true,
      conditions: { scopes: ["mcp:read", "admin"], tools: ["demo__*"] },
    });
    const stored = await db.policy.findUniqueOrThrow({ where: { id: legacy.id }, select: { conditions: true } });
    expect(stored.conditions).toEqual({ scopes: ["mcp:read", "admin"], tools: ["demo__*"] });
    expect(await a.caller.policies.get({ id: roleNames.id })).toMatchObject({
      conditionsValid: true,
      conditions: { roles: ["viewer"] },
    });
    expect(await a.caller.policies.get({ id: mixed.id })).toMatchObject({ conditionsValid: false });
    expect(
      (await db.policy.findUniqueOrThrow({ where: { id: mixed.id }, select: { conditions: true } })).conditions,
    ).toEqual({ roles: ["viewer", "mcp:full"] });
    expect(await a.caller.policies.get({ id: plain.id })).toMatchObject({ conditions: { methods: ["tools/call"] } });

    // Running it again changes nothing.
    expect(await migrateOrg(a.org.id)).toBe(0);
  });
});
