// Virtual servers below the HTTP edge: NamespaceDirectory.resolveVirtual (real PostgreSQL, change
// notifications) and the aggregator over the resolved route (real demo servers as stdio upstreams).
import { beforeAll, describe, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import { createLogger } from "../lib/logger.ts";
import type { NamespaceRoute } from "../modules/routing/model.ts";
import { addServer, demoStdioServer, eventually } from "../test/fixtures.ts";
import { gatewaySuite } from "../test/gateway-suite.ts";
import { NamespaceAggregator } from "./aggregator.ts";

const suite = gatewaySuite({ servers: [demoStdioServer("alpha"), demoStdioServer("beta")], key: false });
const { env, pool } = suite;
let aggregator: NamespaceAggregator;
let virtualId: string;

interface EntrySpec {
  server: string;
  kind: "tool" | "resource" | "prompt";
  source: string;
  exposed?: string;
  description?: string;
}

async function createVirtual(name: string, entries: EntrySpec[], enabled = true): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `insert into virtual_servers (id, org_id, namespace_id, name, enabled, updated_at)
     values ($1, $2, $3, $4, $5, now())`,
    [id, suite.tenant.orgId, suite.tenant.namespaceId, name, enabled],
  );
  for (const entry of entries) {
    await pool.query(
      `insert into virtual_server_entries (id, virtual_server_id, server_id, kind, source_name, exposed_name, description)
       values ($1, $2, $3, $4::"VirtualEntryKind", $5, $6, $7)`,
      [
        randomUUID(),
        id,
        suite.tenant.serverIds[entry.server],
        entry.kind,
        entry.source,
        entry.exposed ?? null,
        entry.description ?? null,
      ],
    );
  }
  return id;
}

async function route(id = virtualId): Promise<NamespaceRoute> {
  const lookup = await suite.gateway.dataplane.directory.resolveVirtual(id);
  if (!lookup?.route) throw new Error("virtual server did not resolve");
  return lookup.route;
}

function call(method: string, params: Record<string, unknown>, r: NamespaceRoute) {
  return aggregator.handle(method, params, { route: r, sessionId: null, signal: new AbortController().signal });
}

beforeAll(async () => {
  aggregator = new NamespaceAggregator(suite.gateway.dataplane.upstreams, createLogger("silent", {}));
  virtualId = await createVirtual("combo", [
    { server: "alpha", kind: "tool", source: "echo", exposed: "say", description: "Says it back" },
    { server: "beta", kind: "tool", source: "add" },
    { server: "alpha", kind: "prompt", source: "greet", exposed: "hello" },
    { server: "alpha", kind: "resource", source: "demo://info", exposed: "about" },
    { server: "beta", kind: "resource", source: "demo://echo/{text}" },
  ]);
});

describe("resolveVirtual", () => {
  test("resolves an enabled virtual server to its namespace, entry servers and entries", async () => {
    const r = await route();
    expect(r.orgId).toBe(suite.tenant.orgId);
    expect(r.namespaceId).toBe(suite.tenant.namespaceId);
    expect(r.virtual?.name).toBe("combo");
    expect(r.servers.map((server) => server.name)).toEqual(["alpha", "beta"]);
    expect([...r.virtual!.tools.keys()].sort()).toEqual(["beta__add", "say"]);
    expect([...r.virtual!.prompts.keys()]).toEqual(["hello"]);
    expect([...r.virtual!.resources.keys()].sort()).toEqual(["demo://echo/{text}", "demo://info"]);
  });

  test("non-UUID, unknown and disabled ids resolve to null", async () => {
    expect(suite.gateway.dataplane.directory.resolveVirtual("not-a-uuid")).toBeNull();
    expect(await suite.gateway.dataplane.directory.resolveVirtual(randomUUID())).toBeNull();
    const disabled = await createVirtual("off", [{ server: "alpha", kind: "tool", source: "echo" }], false);
    expect(await suite.gateway.dataplane.directory.resolveVirtual(disabled)).toBeNull();
  });

  test("entries of a disabled server are left out", async () => {
    const gammaId = await addServer(pool, env, suite.tenant, demoStdioServer("gamma"));
    suite.tenant.serverIds.gamma = gammaId;
    const id = await createVirtual("with-gamma", [
      { server: "alpha", kind: "tool", source: "echo" },
      { server: "gamma", kind: "tool", source: "echo" },
    ]);
    expect([...(await route(id)).virtual!.tools.keys()].sort()).toEqual(["alpha__echo", "gamma__echo"]);
    await pool.query(`update mcp_servers set enabled = false, updated_at = now() where id = $1`, [gammaId]);
    await eventually(async () => !(await route(id)).virtual!.tools.has("gamma__echo"));
    expect((await route(id)).servers.map((server) => server.name)).toEqual(["alpha"]);
  });

  test("entry and virtual server changes are picked up through notifications", async () => {
    const id = await createVirtual("live", [{ server: "alpha", kind: "tool", source: "echo", exposed: "first" }]);
    expect([...(await route(id)).virtual!.tools.keys()]).toEqual(["first"]);
    await pool.query(`update virtual_server_entries set exposed_name = 'second' where virtual_server_id = $1`, [id]);
    await eventually(async () => (await route(id)).virtual!.tools.has("second"));
    await pool.query(`update virtual_servers set enabled = false, updated_at = now() where id = $1`, [id]);
    await eventually(async () => (await suite.gateway.dataplane.directory.resolveVirtual(id)) === null);
  });
});

describe("aggregation over a virtual route", () => {
  test("lists only the entries, renamed, with description overrides", async () => {
    const r = await route();
    const { tools } = (await call("tools/list", {}, r)) as { tools: { name: string; description?: string }[] };
    expect(tools.map((tool) => [tool.name, tool.description])).toEqual([
      ["say", "Says it back"],
      ["beta__add", "Adds two numbers"],
    ]);
    const { prompts } = (await call("prompts/list", {}, r)) as { prompts: { name: string }[] };
    expect(prompts.map((prompt) => prompt.name)).toEqual(["hello"]);
    const { resources } = (await call("resources/list", {}, r)) as { resources: { name: string; uri: string }[] };
    expect(resources.map((resource) => [resource.name, resource.uri])).toEqual([["about", "demo://info"]]);
    const { resourceTemplates } = (await call("resources/templates/list", {}, r)) as {
      resourceTemplates: { name: string; uriTemplate: string }[];
    };
    expect(resourceTemplates.map((t) => [t.name, t.uriTemplate])).toEqual([
      ["beta__echo-resource", "demo://echo/{text}"],
    ]);
  });

  test("exposed names route to the right upstream under its own name", async () => {
    const r = await route();
    expect(aggregator.resolveName(r, "say", "tool")).toMatchObject({ server: { name: "alpha" }, name: "echo" });
    expect(aggregator.resolveName(r, "hello", "prompt")).toMatchObject({ server: { name: "alpha" }, name: "greet" });
    expect(await call("tools/call", { name: "say", arguments: { text: "hi" } }, r)).toEqual({
      content: [{ type: "text", text: "hi" }],
    });
    expect(await call("tools/call", { name: "beta__add", arguments: { a: 2, b: 3 } }, r)).toMatchObject({
      structuredContent: { sum: 5 },
    });
    const prompt = (await call("prompts/get", { name: "hello", arguments: { name: "Ada" } }, r)) as {
      messages: unknown[];
    };
    expect(prompt.messages).toEqual([{ role: "user", content: { type: "text", text: "Say hello to Ada." } }]);
  });

  test("names that are not entries are unknown, including the canonical name of a renamed tool", async () => {
    const r = await route();
    expect(aggregator.resolveName(r, "alpha__echo", "tool")).toBeNull();
    expect(aggregator.resolveName(r, "say", "prompt")).toBeNull();
    await expect(call("tools/call", { name: "alpha__echo", arguments: { text: "x" } }, r)).rejects.toThrow(
      'Unknown tool "alpha__echo": not exposed by virtual server combo',
    );
    await expect(call("tools/call", { name: "beta__sleep", arguments: { ms: 1 } }, r)).rejects.toThrow(
      'Unknown tool "beta__sleep"',
    );
    await expect(call("prompts/get", { name: "alpha__greet", arguments: { name: "x" } }, r)).rejects.toThrow(
      'Unknown prompt "alpha__greet"',
    );
  });

  test("resources/read serves entry URIs and template matches only", async () => {
    const r = await route();
    const info = (await call("resources/read", { uri: "demo://info" }, r)) as { contents: { text: string }[] };
    expect(info.contents[0]?.text).toBe("Omnimesh demo MCP server");
    const echoed = (await call("resources/read", { uri: "demo://echo/abc" }, r)) as { contents: { text: string }[] };
    expect(echoed.contents[0]?.text).toBe("abc");
    await expect(call("resources/read", { uri: "demo://other" }, r)).rejects.toThrow('Unknown resource "demo://other"');
  });
});
