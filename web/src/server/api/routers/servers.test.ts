import { decryptRecord } from "@omnimesh/db/crypto";
import { describe, expect, it } from "vitest";
import { env } from "~/env";
import { db } from "~/server/db";
import { accountWithNamespace } from "~/test/fixtures";
import { trpcError } from "~/test/trpc-errors";

describe("servers router", () => {
  it("registers a stdio server with env sealed at rest and only env names in the API", async () => {
    const a = await accountWithNamespace("srv");
    const server = await a.caller.servers.create({
      namespaceId: a.namespace.id,
      name: "everything",
      transport: "stdio",
      command: "npx",
      args: ["-y", "@modelcontextprotocol/server-everything"],
      env: { API_TOKEN: "sk-very-secret-value", REGION: "eu" },
    });
    expect(server).toMatchObject({
      name: "everything",
      transport: "stdio",
      command: "npx",
      args: ["-y", "@modelcontextprotocol/server-everything"],
      envNames: ["API_TOKEN", "REGION"],
      headerNames: [],
      enabled: true,
    });
    expect(JSON.stringify(server)).not.toContain("sk-very-secret-value");
    expect(JSON.stringify(await a.caller.servers.list({ namespaceId: a.namespace.id }))).not.toContain(
      "sk-very-secret",
    );

    const row = await db.mcpServer.findUniqueOrThrow({ where: { id: server.id }, select: { envEncrypted: true } });
    expect(row.envEncrypted).toMatch(/^v1\./);
    expect(row.envEncrypted).not.toContain("sk-very-secret-value");
    expect(decryptRecord(row.envEncrypted, env.OMNIMESH_ENCRYPTION_KEY)).toEqual({
      API_TOKEN: "sk-very-secret-value",
      REGION: "eu",
    });
    const audit = await db.auditLog.findFirstOrThrow({
      where: { targetId: server.id },
      select: { action: true, after: true },
    });
    expect(audit.action).toBe("server.create");
    expect(JSON.stringify(audit.after)).not.toContain("sk-very-secret-value");
  });

  it("registers a streamable-http server with sealed headers", async () => {
    const a = await accountWithNamespace("srv");
    const server = await a.caller.servers.create({
      namespaceId: a.namespace.id,
      name: "remote",
      transport: "streamable-http",
      url: "https://mcp.example.com/mcp",
      headers: { Authorization: "Bearer upstream-secret" },
    });
    expect(server).toMatchObject({
      transport: "streamable-http",
      url: "https://mcp.example.com/mcp",
      headerNames: ["Authorization"],
    });
    const row = await db.mcpServer.findUniqueOrThrow({
      where: { id: server.id },
      select: { headersEncrypted: true, transport: true },
    });
    expect(row.transport).toBe("streamable_http");
    expect(row.headersEncrypted).not.toContain("upstream-secret");
  });

  it("validates input per transport, naming the field", async () => {
    const a = await accountWithNamespace("srv");
    const noCommand = await trpcError(
      a.caller.servers.create({ namespaceId: a.namespace.id, name: "x", transport: "stdio", command: "" }),
    );
    expect(noCommand.code).toBe("BAD_REQUEST");
    expect(noCommand.message).toContain("Command is required");

    const wsWithHttp = await trpcError(
      a.caller.servers.create({
        namespaceId: a.namespace.id,
        name: "x",
        transport: "websocket",
        url: "https://a.test",
      }),
    );
    expect(wsWithHttp.code).toBe("BAD_REQUEST");
    expect(wsWithHttp.message).toContain("ws://");

    const badName = await trpcError(
      a.caller.servers.create({ namespaceId: a.namespace.id, name: "a__b", transport: "stdio", command: "node" }),
    );
    expect(badName.code).toBe("BAD_REQUEST");

    const stdio = await a.caller.servers.create({
      namespaceId: a.namespace.id,
      name: "s",
      transport: "stdio",
      command: "node",
    });
    const urlOnStdio = await trpcError(a.caller.servers.update({ id: stdio.id, url: "https://a.test" }));
    expect(urlOnStdio.code).toBe("BAD_REQUEST");
    expect(urlOnStdio.cause).toMatchObject({ fields: { url: "Not used by stdio servers" } });

    const duplicate = await trpcError(
      a.caller.servers.create({ namespaceId: a.namespace.id, name: "s", transport: "stdio", command: "node" }),
    );
    expect(duplicate.code).toBe("CONFLICT");
  });

  it("updates, disables, enables and deletes a server", async () => {
    const a = await accountWithNamespace("srv");
    const server = await a.caller.servers.create({
      namespaceId: a.namespace.id,
      name: "s",
      transport: "stdio",
      command: "node",
    });
    const updated = await a.caller.servers.update({
      id: server.id,
      args: ["server.js"],
      env: { KEY: "v" },
      timeoutMs: 5000,
    });
    expect(updated).toMatchObject({ args: ["server.js"], envNames: ["KEY"], timeoutMs: 5000, command: "node" });
    expect((await a.caller.servers.setEnabled({ id: server.id, enabled: false })).enabled).toBe(false);
    expect((await a.caller.servers.setEnabled({ id: server.id, enabled: true })).enabled).toBe(true);
    await a.caller.servers.delete({ id: server.id });
    expect(await a.caller.servers.list({ namespaceId: a.namespace.id })).toEqual([]);
    const actions = await db.auditLog.findMany({
      where: { targetId: server.id },
      orderBy: { createdAt: "asc" },
      select: { action: true },
    });
    expect(actions.map((row) => row.action)).toEqual([
      "server.create",
      "server.update",
      "server.disable",
      "server.enable",
      "server.delete",
    ]);
  });

  it("never shows, changes or creates into another org's servers and namespaces: NOT_FOUND", async () => {
    const a = await accountWithNamespace("srv");
    const b = await accountWithNamespace("srv");
    const server = await a.caller.servers.create({
      namespaceId: a.namespace.id,
      name: "private",
      transport: "stdio",
      command: "node",
    });

    expect(await b.caller.servers.list({})).toEqual([]);
    for (const attempt of [
      () => b.caller.servers.list({ namespaceId: a.namespace.id }),
      () => b.caller.servers.get({ id: server.id }),
      () => b.caller.servers.update({ id: server.id, name: "hijacked" }),
      () => b.caller.servers.setEnabled({ id: server.id, enabled: false }),
      () => b.caller.servers.delete({ id: server.id }),
      () =>
        b.caller.servers.create({ namespaceId: a.namespace.id, name: "intruder", transport: "stdio", command: "sh" }),
    ]) {
      expect((await trpcError(attempt())).code).toBe("NOT_FOUND");
    }
    expect(await a.caller.servers.get({ id: server.id })).toMatchObject({ name: "private", enabled: true });
  });
});
