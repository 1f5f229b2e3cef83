import { describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { accountWithNamespace, addMember, type TTestAccount } from "~/test/fixtures";
import { trpcError } from "~/test/trpc-errors";

/** An owner with a namespace holding two stdio servers ("alpha", "beta"). */
async function accountWithServers(label = "vs") {
  const account = await accountWithNamespace(label);
  const namespace = account.namespace;
  const alpha = await account.caller.servers.create({
    namespaceId: namespace.id,
    name: "alpha",
    transport: "stdio",
    command: "node",
  });
  const beta = await account.caller.servers.create({
    namespaceId: namespace.id,
    name: "beta",
    transport: "stdio",
    command: "node",
  });
  return { ...account, namespace, alpha, beta };
}

function compose(a: Awaited<ReturnType<typeof accountWithServers>>, caller: TTestAccount["caller"] = a.caller) {
  return caller.virtualServers.create({
    namespaceId: a.namespace.id,
    name: "research",
    description: "Search and greet",
    entries: [
      { serverId: a.alpha.id, kind: "tool", sourceName: "echo", exposedName: "say", description: "Says it back" },
      { serverId: a.beta.id, kind: "tool", sourceName: "add" },
      { serverId: a.alpha.id, kind: "prompt", sourceName: "greet", exposedName: "" },
      { serverId: a.beta.id, kind: "resource", sourceName: "demo://info", exposedName: "about" },
    ],
  });
}

describe("virtualServers router", () => {
  it("creates a virtual server with entries, effective names and the data-plane endpoint, audited", async () => {
    const a = await accountWithServers();
    const created = await compose(a);
    expect(created).toMatchObject({
      namespaceId: a.namespace.id,
      name: "research",
      description: "Search and greet",
      enabled: true,
      endpointUrl: `http://localhost:4000/virtual/${created.id}/mcp`,
    });
    expect(
      created.entries.map((e) => [e.kind, e.serverName, e.sourceName, e.exposedName, e.description, e.effectiveName]),
    ).toEqual([
      ["tool", "beta", "add", null, null, "beta__add"],
      ["tool", "alpha", "echo", "say", "Says it back", "say"],
      ["resource", "beta", "demo://info", "about", null, "about"],
      ["prompt", "alpha", "greet", null, null, "alpha__greet"],
    ]);
    expect(await a.caller.virtualServers.list({ namespaceId: a.namespace.id })).toEqual([created]);
    expect(await a.caller.virtualServers.get({ id: created.id })).toEqual(created);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { targetId: created.id },
      select: { action: true, targetType: true, actorUserId: true },
    });
    expect(audit).toEqual({ action: "virtual_server.create", targetType: "virtual_server", actorUserId: a.userId });
  });

  it("updates name, description, enabled and replaces entries; deletes; every write audited", async () => {
    const a = await accountWithServers();
    const created = await compose(a);
    const renamed = await a.caller.virtualServers.update({ id: created.id, name: "research-2", enabled: false });
    expect(renamed).toMatchObject({ name: "research-2", enabled: false, description: "Search and greet" });
    expect(renamed.entries).toHaveLength(4);

    const replaced = await a.caller.virtualServers.update({
      id: created.id,
      entries: [{ serverId: a.beta.id, kind: "tool", sourceName: "sleep", exposedName: "nap" }],
    });
    expect(replaced.entries.map((e) => [e.serverName, e.sourceName, e.effectiveName])).toEqual([
      ["beta", "sleep", "nap"],
    ]);
    expect(await db.virtualServerEntry.count({ where: { virtualServerId: created.id } })).toBe(1);

    await a.caller.virtualServers.delete({ id: created.id });
    expect(await a.caller.virtualServers.list({ namespaceId: a.namespace.id })).toEqual([]);
    expect(await db.virtualServerEntry.count({ where: { virtualServerId: created.id } })).toBe(0);
    const actions = await db.auditLog.findMany({
      where: { targetId: created.id },
      orderBy: { createdAt: "asc" },
      select: { action: true },
    });
    expect(actions.map((row) => row.action)).toEqual([
      "virtual_server.create",
      "virtual_server.update",
      "virtual_server.update",
      "virtual_server.delete",
    ]);
  });

  it("validates names and entries, naming the field", async () => {
    const a = await accountWithServers();
    const badName = await trpcError(
      a.caller.virtualServers.create({ namespaceId: a.namespace.id, name: "a__b", entries: [] }),
    );
    expect(badName.code).toBe("BAD_REQUEST");
    expect(badName.message).toContain("no '__'");

    const badExposed = await trpcError(
      a.caller.virtualServers.create({
        namespaceId: a.namespace.id,
        name: "x",
        entries: [{ serverId: a.alpha.id, kind: "tool", sourceName: "echo", exposedName: "has space" }],
      }),
    );
    expect(badExposed.code).toBe("BAD_REQUEST");
    expect(badExposed.message).toContain("Use 1–128 letters, digits, '_', '-' or '.'");
    expect(badExposed.message).toContain('"exposedName"');

    const badUri = await trpcError(
      a.caller.virtualServers.create({
        namespaceId: a.namespace.id,
        name: "x",
        entries: [{ serverId: a.alpha.id, kind: "resource", sourceName: "not a uri" }],
      }),
    );
    expect(badUri.code).toBe("BAD_REQUEST");
    expect(badUri.message).toContain("A resource is named by its URI, e.g. file:///a");

    // "say" twice, and an exposed name equal to another entry's default name.
    const duplicate = await trpcError(
      a.caller.virtualServers.create({
        namespaceId: a.namespace.id,
        name: "x",
        entries: [
          { serverId: a.alpha.id, kind: "tool", sourceName: "echo", exposedName: "say" },
          { serverId: a.beta.id, kind: "tool", sourceName: "echo", exposedName: "say" },
          { serverId: a.beta.id, kind: "tool", sourceName: "add" },
          { serverId: a.alpha.id, kind: "tool", sourceName: "sum", exposedName: "beta__add" },
          // The same name as a prompt is fine: names are unique per kind.
          { serverId: a.alpha.id, kind: "prompt", sourceName: "greet", exposedName: "say" },
        ],
      }),
    );
    expect(duplicate.code).toBe("BAD_REQUEST");
    expect(duplicate.cause).toMatchObject({
      code: "VALIDATION_ERROR",
      fields: {
        "entries.1.exposedName": 'The tool name "say" is already used by entry 1',
        "entries.3.exposedName": 'The tool name "beta__add" is already used by entry 3',
      },
    });

    // A server of another namespace of the same org is not one of this namespace's servers.
    const other = await a.caller.namespaces.create({ name: "Other" });
    const elsewhere = await a.caller.servers.create({
      namespaceId: other.id,
      name: "gamma",
      transport: "stdio",
      command: "node",
    });
    const wrongNamespace = await trpcError(
      a.caller.virtualServers.create({
        namespaceId: a.namespace.id,
        name: "x",
        entries: [{ serverId: elsewhere.id, kind: "tool", sourceName: "echo" }],
      }),
    );
    expect(wrongNamespace.cause).toMatchObject({
      fields: { "entries.0.serverId": "No such server in this namespace" },
    });

    await compose(a);
    const taken = await trpcError(compose(a));
    expect(taken.code).toBe("CONFLICT");
    expect(await db.virtualServer.count({ where: { namespaceId: a.namespace.id } })).toBe(1);
  });

  it("lets every role read but only owners and admins write", async () => {
    const a = await accountWithServers();
    const created = await compose(a);
    const admin = await addMember(a.org.id, "admin");
    const adminMade = await admin.caller.virtualServers.update({ id: created.id, description: "by admin" });
    expect(adminMade.description).toBe("by admin");
    for (const role of ["member", "viewer"] as const) {
      const user = await addMember(a.org.id, role);
      expect(await user.caller.virtualServers.get({ id: created.id })).toMatchObject({ name: "research" });
      expect((await user.caller.virtualServers.list({})).map((vs) => vs.id)).toEqual([created.id]);
      for (const attempt of [
        () => compose({ ...a }, user.caller),
        () => user.caller.virtualServers.update({ id: created.id, enabled: false }),
        () => user.caller.virtualServers.delete({ id: created.id }),
      ]) {
        const error = await trpcError(attempt());
        expect(error.code).toBe("FORBIDDEN");
        expect(error.message).toBe(`Your role (${role}) cannot do this`);
      }
    }
    expect(await a.caller.virtualServers.get({ id: created.id })).toMatchObject({ enabled: true });
  });

  it("never shows, changes or composes into another org's objects: NOT_FOUND", async () => {
    const a = await accountWithServers();
    const b = await accountWithServers();
    const created = await compose(a);
    expect(await b.caller.virtualServers.list({})).toEqual([]);
    for (const attempt of [
      () => b.caller.virtualServers.list({ namespaceId: a.namespace.id }),
      () => b.caller.virtualServers.get({ id: created.id }),
      () => b.caller.virtualServers.suggestions({ namespaceId: a.namespace.id }),
      () => b.caller.virtualServers.update({ id: created.id, name: "hijacked" }),
      () => b.caller.virtualServers.delete({ id: created.id }),
      () => b.caller.virtualServers.create({ namespaceId: a.namespace.id, name: "intruder", entries: [] }),
    ]) {
      const error = await trpcError(attempt());
      expect(error.code).toBe("NOT_FOUND");
      expect(error.message).not.toContain(a.org.slug);
    }
    // B's own namespace with A's server id: the server is simply not there.
    const foreignServer = await trpcError(
      b.caller.virtualServers.create({
        namespaceId: b.namespace.id,
        name: "x",
        entries: [{ serverId: a.alpha.id, kind: "tool", sourceName: "echo" }],
      }),
    );
    expect(foreignServer.cause).toMatchObject({ fields: { "entries.0.serverId": "No such server in this namespace" } });
    expect(await a.caller.virtualServers.get({ id: created.id })).toMatchObject({ name: "research" });
  });

  it("offers names recorded in mcp_servers.capabilities as suggestions, and none otherwise", async () => {
    const a = await accountWithServers();
    await db.mcpServer.update({
      where: { id: a.alpha.id },
      data: {
        capabilities: {
          tools: [{ name: "echo" }, { name: "add" }],
          prompts: [{ name: "greet" }],
          resources: [{ uri: "demo://info" }],
          resourceTemplates: [{ uriTemplate: "demo://echo/{text}" }],
        },
      },
      select: { id: true },
    });
    await db.mcpServer.update({
      where: { id: a.beta.id },
      data: { capabilities: { tools: { listChanged: true } } },
      select: { id: true },
    });
    expect(await a.caller.virtualServers.suggestions({ namespaceId: a.namespace.id })).toEqual([
      {
        serverId: a.alpha.id,
        serverName: "alpha",
        enabled: true,
        tools: ["echo", "add"],
        prompts: ["greet"],
        resources: ["demo://info", "demo://echo/{text}"],
      },
      { serverId: a.beta.id, serverName: "beta", enabled: true, tools: [], prompts: [], resources: [] },
    ]);
  });
});
