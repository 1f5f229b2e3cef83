import { decryptRecord } from "@omnimesh/db/crypto";
import { describe, expect, it } from "vitest";
import { env } from "~/env";
import { db } from "~/server/db";
import { accountWithNamespace, createAccount } from "~/test/fixtures";
import { trpcError } from "~/test/trpc-errors";

async function sealed(id: string) {
  const row = await db.mcpServer.findUniqueOrThrow({
    where: { id },
    select: { envEncrypted: true, headersEncrypted: true },
  });
  return {
    env: decryptRecord(row.envEncrypted, env.OMNIMESH_ENCRYPTION_KEY),
    headers: decryptRecord(row.headersEncrypted, env.OMNIMESH_ENCRYPTION_KEY),
  };
}

async function accountWithServers() {
  const account = await accountWithNamespace("srv-edit");
  const namespace = account.namespace;
  const stdio = await account.caller.servers.create({
    namespaceId: namespace.id,
    name: "local",
    transport: "stdio",
    command: "node",
    env: { API_TOKEN: "sk-old-secret", REGION: "eu" },
  });
  const remote = await account.caller.servers.create({
    namespaceId: namespace.id,
    name: "remote",
    transport: "streamable-http",
    url: "https://mcp.example.test/mcp",
    headers: { Authorization: "Bearer hdr-old-secret" },
  });
  return { ...account, namespace, stdio, remote };
}

describe("servers.update (edit form semantics)", () => {
  it("keeps secrets when env/headers are omitted and audits before/after without secret values", async () => {
    const a = await accountWithServers();
    const updated = await a.caller.servers.update({ id: a.stdio.id, description: "Local tools", timeoutMs: 7_000 });
    expect(updated).toMatchObject({ description: "Local tools", timeoutMs: 7_000, envNames: ["API_TOKEN", "REGION"] });
    expect((await sealed(a.stdio.id)).env).toEqual({ API_TOKEN: "sk-old-secret", REGION: "eu" });

    const audit = await db.auditLog.findFirstOrThrow({
      where: { targetId: a.stdio.id, action: "server.update" },
      select: { before: true, after: true },
    });
    expect(audit.before).toMatchObject({ description: "", timeoutMs: 30_000, envNames: ["API_TOKEN", "REGION"] });
    expect(audit.after).toMatchObject({ description: "Local tools", timeoutMs: 7_000 });
    expect(JSON.stringify(audit)).not.toContain("sk-old-secret");
  });

  it("envChanges sets, replaces and removes by name, leaving unnamed secrets untouched", async () => {
    const a = await accountWithServers();
    const updated = await a.caller.servers.update({
      id: a.stdio.id,
      envChanges: { API_TOKEN: "sk-new-secret", REGION: null, DEBUG: "1" },
    });
    expect(updated.envNames).toEqual(["API_TOKEN", "DEBUG"]);
    expect((await sealed(a.stdio.id)).env).toEqual({ API_TOKEN: "sk-new-secret", DEBUG: "1" });
    const audits = await db.auditLog.findMany({
      where: { targetId: a.stdio.id },
      select: { before: true, after: true },
    });
    expect(JSON.stringify(audits)).not.toMatch(/sk-(old|new)-secret/);

    const headers = await a.caller.servers.update({ id: a.remote.id, headerChanges: { "X-Team": "core" } });
    expect(headers.headerNames).toEqual(["Authorization", "X-Team"]);
    expect((await sealed(a.remote.id)).headers).toEqual({ Authorization: "Bearer hdr-old-secret", "X-Team": "core" });
  });

  it("env, when given, replaces the whole set; env and envChanges together are refused", async () => {
    const a = await accountWithServers();
    await a.caller.servers.update({ id: a.stdio.id, env: { ONLY: "x" } });
    expect((await sealed(a.stdio.id)).env).toEqual({ ONLY: "x" });
    const both = await trpcError(a.caller.servers.update({ id: a.stdio.id, env: {}, envChanges: { A: "b" } }));
    expect(both.code).toBe("BAD_REQUEST");
    const misplaced = await trpcError(a.caller.servers.update({ id: a.remote.id, envChanges: { A: "b" } }));
    expect(misplaced.code).toBe("BAD_REQUEST");
    expect(misplaced.message).toContain("envChanges");
  });

  it("another org gets NOT_FOUND for update and details, and nothing changes", async () => {
    const a = await accountWithServers();
    const b = await createAccount("srv-edit-b");
    for (const attempt of [
      () => b.caller.servers.update({ id: a.stdio.id, envChanges: { API_TOKEN: "stolen" } }),
      () => b.caller.servers.details({ id: a.stdio.id }),
    ]) {
      expect((await trpcError(attempt())).code).toBe("NOT_FOUND");
    }
    expect((await sealed(a.stdio.id)).env).toEqual({ API_TOKEN: "sk-old-secret", REGION: "eu" });
  });
});

describe("servers.details", () => {
  it("shows health and the discovered lists the data plane wrote, never secret values", async () => {
    const a = await accountWithServers();
    const empty = await a.caller.servers.details({ id: a.stdio.id });
    expect(empty).toMatchObject({ healthStatus: "unknown", lastHealthAt: null, tools: [], serverInfo: null });

    // The shape the data plane's discovery writes (dataplane/src/modules/discovery/model.ts).
    const checkedAt = new Date();
    await db.mcpServer.update({
      where: { id: a.stdio.id },
      data: {
        healthStatus: "healthy",
        lastHealthAt: checkedAt,
        serverInfo: { name: "omnimesh-demo", version: "1.0.0", pingMs: 3 },
        capabilities: {
          advertised: { tools: { listChanged: true }, resources: {} },
          tools: [
            {
              name: "echo",
              description: "Returns the text it is given",
              inputSchema: { type: "object", properties: { text: { type: "string" } } },
            },
          ],
          prompts: [{ name: "greet", arguments: [{ name: "who", required: true }] }],
          resources: [{ uri: "demo://info", name: "info", mimeType: "text/plain" }],
          resourceTemplates: [{ uriTemplate: "demo://items/{id}", name: "item" }],
        },
      },
    });
    const details = await a.caller.servers.details({ id: a.stdio.id });
    expect(details).toMatchObject({
      healthStatus: "healthy",
      lastHealthAt: checkedAt,
      serverInfo: { name: "omnimesh-demo", version: "1.0.0" },
      advertised: { tools: { listChanged: true } },
      envNames: ["API_TOKEN", "REGION"],
    });
    expect(details.tools).toEqual([
      {
        name: "echo",
        title: null,
        description: "Returns the text it is given",
        uri: null,
        uriTemplate: null,
        mimeType: null,
        inputSchema: { type: "object", properties: { text: { type: "string" } } },
      },
    ]);
    expect(details.prompts[0]).toMatchObject({ name: "greet", inputSchema: [{ name: "who", required: true }] });
    expect(details.resources[0]).toMatchObject({ name: "info", uri: "demo://info", mimeType: "text/plain" });
    expect(details.resourceTemplates[0]).toMatchObject({ name: "item", uriTemplate: "demo://items/{id}" });
    expect(JSON.stringify(details)).not.toContain("sk-old-secret");

    const suggestions = await a.caller.virtualServers.suggestions({ namespaceId: a.namespace.id });
    expect(suggestions.find((s) => s.serverId === a.stdio.id)).toMatchObject({
      tools: ["echo"],
      prompts: ["greet"],
      resources: ["demo://info", "demo://items/{id}"],
    });
  });
});
