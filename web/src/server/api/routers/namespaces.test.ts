import { describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { addMember, createAccount, uniqueId } from "~/test/fixtures";
import { trpcError } from "~/test/trpc-errors";

describe("namespaces router", () => {
  it("creates, lists, gets, updates and deletes a namespace, auditing each write", async () => {
    const a = await createAccount("ns");
    const created = await a.caller.namespaces.create({ name: "Prod Tools", description: "main" });
    expect(created).toMatchObject({ name: "Prod Tools", slug: "prod-tools", description: "main", serverCount: 0 });

    const list = await a.caller.namespaces.list();
    expect(list.map((ns) => ns.slug)).toEqual(["prod-tools"]);
    expect(list[0]?.endpointUrl).toBe(`http://localhost:4000/ns/${a.org.slug}/prod-tools/mcp`);
    expect((await a.caller.namespaces.get({ slug: "prod-tools" })).id).toBe(created.id);

    const updated = await a.caller.namespaces.update({ id: created.id, name: "Production", slug: "production" });
    expect(updated).toMatchObject({ id: created.id, name: "Production", slug: "production" });

    await a.caller.namespaces.delete({ id: created.id });
    expect(await a.caller.namespaces.list()).toEqual([]);

    const audit = await db.auditLog.findMany({
      where: { orgId: a.org.id, targetId: created.id },
      orderBy: { createdAt: "asc" },
      select: { action: true, actorUserId: true, ip: true, before: true, after: true },
    });
    expect(audit.map((row) => row.action)).toEqual(["namespace.create", "namespace.update", "namespace.delete"]);
    expect(audit.every((row) => row.actorUserId === a.userId && row.ip === "127.0.0.1")).toBe(true);
    expect(audit[1]?.before).toMatchObject({ slug: "prod-tools" });
    expect(audit[1]?.after).toMatchObject({ slug: "production" });
  });

  it("rejects an invalid slug with BAD_REQUEST naming the field", async () => {
    const a = await createAccount("ns");
    const error = await trpcError(a.caller.namespaces.create({ name: "X", slug: "Not A Slug!" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("Use lowercase letters");
  });

  it("answers CONFLICT on a duplicate slug within the org, but allows the same slug in another org", async () => {
    const a = await createAccount("ns");
    const b = await createAccount("ns");
    await a.caller.namespaces.create({ name: "Dup", slug: "dup" });
    const error = await trpcError(a.caller.namespaces.create({ name: "Dup again", slug: "dup" }));
    expect(error.code).toBe("CONFLICT");
    await expect(b.caller.namespaces.create({ name: "Dup", slug: "dup" })).resolves.toMatchObject({ slug: "dup" });
  });

  it("never shows or changes another org's namespace: NOT_FOUND everywhere", async () => {
    const a = await createAccount("ns");
    const b = await createAccount("ns");
    const secret = await a.caller.namespaces.create({ name: `Secret ${uniqueId()}`, slug: "secret" });

    expect(await b.caller.namespaces.list()).toEqual([]);
    for (const attempt of [
      () => b.caller.namespaces.get({ id: secret.id }),
      () => b.caller.namespaces.get({ slug: "secret" }),
      () => b.caller.namespaces.update({ id: secret.id, name: "hijacked" }),
      () => b.caller.namespaces.delete({ id: secret.id }),
    ]) {
      const error = await trpcError(attempt());
      expect(error.code).toBe("NOT_FOUND");
      expect(error.message).toBe("Namespace not found");
    }
    expect((await a.caller.namespaces.get({ id: secret.id })).name).toBe(secret.name);
  });

  it("lets a viewer read but not write, and refuses callers without a session", async () => {
    const a = await createAccount("ns");
    await a.caller.namespaces.create({ name: "Shared" });
    const viewer = await addMember(a.org.id, "viewer");
    expect((await viewer.caller.namespaces.list()).map((ns) => ns.name)).toEqual(["Shared"]);
    expect((await trpcError(viewer.caller.namespaces.create({ name: "Nope" }))).code).toBe("FORBIDDEN");

    const { createCaller } = await import("~/server/api/root");
    const anonymous = createCaller({ userId: null, orgId: null, ip: null, userAgent: null });
    expect((await trpcError(anonymous.namespaces.list())).code).toBe("UNAUTHORIZED");
  });
});
