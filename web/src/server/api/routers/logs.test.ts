import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { createAccount } from "~/test/fixtures";

async function seedLogs(orgId: string, namespaceId: string, serverId: string, count: number): Promise<void> {
  const base = Date.UTC(2026, 0, 1, 12, 0, 0);
  await db.requestLog.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      orgId,
      namespaceId,
      serverId: i % 2 === 0 ? serverId : null,
      transport: "streamable-http",
      method: i % 3 === 0 ? "tools/call" : "tools/list",
      toolName: i % 3 === 0 ? "everything__echo" : null,
      status: i % 4 === 0 ? "error" : "ok",
      latencyMs: i,
      // Pairs share a timestamp so the id tiebreak of the cursor is exercised.
      createdAt: new Date(base + Math.floor(i / 2) * 1000),
    })),
  });
}

describe("logs router", () => {
  it("pages through the org's request logs newest first without gaps or repeats", async () => {
    const a = await createAccount("logs");
    const ns = await a.caller.namespaces.create({ name: "Logged" });
    const server = await a.caller.servers.create({
      namespaceId: ns.id,
      name: "s",
      transport: "stdio",
      command: "node",
    });
    await seedLogs(a.org.id, ns.id, server.id, 25);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await a.caller.logs.list({ limit: 10, cursor });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    const ids = seen.map(BigInt);
    expect([...ids].sort((x, y) => (x < y ? 1 : -1))).toEqual(ids);

    const first = await a.caller.logs.list({ limit: 1 });
    expect(first.items[0]).toMatchObject({ latencyMs: 24, namespaceName: "Logged", serverName: "s" });
  });

  it("filters by namespace, server, status and method", async () => {
    const a = await createAccount("logs");
    const ns = await a.caller.namespaces.create({ name: "Logged" });
    const other = await a.caller.namespaces.create({ name: "Other" });
    const server = await a.caller.servers.create({
      namespaceId: ns.id,
      name: "s",
      transport: "stdio",
      command: "node",
    });
    await seedLogs(a.org.id, ns.id, server.id, 12);

    expect((await a.caller.logs.list({ namespaceId: ns.id })).items).toHaveLength(12);
    expect((await a.caller.logs.list({ namespaceId: other.id })).items).toHaveLength(0);
    expect((await a.caller.logs.list({ serverId: server.id })).items).toHaveLength(6);
    const errors = await a.caller.logs.list({ status: "error" });
    expect(errors.items.map((item) => item.latencyMs)).toEqual([8, 4, 0]);
    const calls = await a.caller.logs.list({ method: "tools/call" });
    expect(calls.items.every((item) => item.toolName === "everything__echo")).toBe(true);
    expect(calls.items).toHaveLength(4);
  });

  it("never shows another org's logs, even when filtering by that org's namespace", async () => {
    const a = await createAccount("logs");
    const b = await createAccount("logs");
    const ns = await a.caller.namespaces.create({ name: "Private" });
    const server = await a.caller.servers.create({
      namespaceId: ns.id,
      name: "s",
      transport: "stdio",
      command: "node",
    });
    await seedLogs(a.org.id, ns.id, server.id, 3);
    expect((await b.caller.logs.list({})).items).toEqual([]);
    expect((await b.caller.logs.list({ namespaceId: ns.id })).items).toEqual([]);
    expect((await b.caller.logs.list({ serverId: server.id })).items).toEqual([]);
  });

  it("rejects a forged cursor with BAD_REQUEST", async () => {
    const a = await createAccount("logs");
    const error = await a.caller.logs.list({ cursor: "not-a-cursor" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
  });
});
