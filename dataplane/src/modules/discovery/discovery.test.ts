// Discovery against real parts: PostgreSQL, the demo MCP server over stdio and Streamable HTTP, the
// gateway's own upstream pool. Sweeps are narrowed to this suite's orgs (the test database holds
// every earlier run's servers).
import { beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveDemoHttp } from "../../demo/demo-server.ts";
import {
  addServer,
  connectClient,
  DEMO_SERVER_PATH,
  demoStdioServer,
  eventually,
  startGateway,
  type Tenant,
  testEnv,
} from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { SWEEP_LOCK_KEY } from "./store.ts";

interface HealthRow {
  health_status: string;
  last_health_at: Date | null;
  last_error: string | null;
  capabilities: Record<string, unknown> | null;
  server_info: Record<string, unknown> | null;
}

let http: ReturnType<typeof serveDemoHttp>;
let httpPort: number;
let other: Tenant;
let disabledId: string;

const suite = gatewaySuite({
  servers: () => {
    http = serveDemoHttp(0);
    httpPort = http.port!;
    suite.onStop(() => http.stop(true));
    return [
      demoStdioServer("local"),
      { name: "remote", transport: "streamable-http", url: `http://127.0.0.1:${httpPort}/mcp`, timeoutMs: 5_000 },
      { ...demoStdioServer("iso"), isolated: true },
    ];
  },
  key: false,
});
const { env, pool } = suite;

async function health(serverId: string): Promise<HealthRow> {
  const { rows } = await pool.query<HealthRow>(
    `select health_status::text as health_status, last_health_at, last_error, capabilities, server_info
       from mcp_servers where id = $1`,
    [serverId],
  );
  return rows[0]!;
}

const sweepOwn = () => suite.gateway.dataplane.discovery.sweep({ staleAfterMs: 0, orgIds: [suite.tenant.orgId] });

beforeAll(async () => {
  disabledId = await addServer(pool, env, suite.tenant, demoStdioServer("off"));
  await pool.query("update mcp_servers set enabled = false where id = $1", [disabledId]);
  other = await suite.createTenant([demoStdioServer("theirs")]);
});

describe("discovery sweep", () => {
  test("a healthy server gets healthy, server info and its tools, prompts and resources", async () => {
    const result = await sweepOwn();
    expect(result).toMatchObject({ probed: 3, skipped: 0, written: 3 });

    for (const name of ["local", "remote", "iso"]) {
      const row = await health(suite.tenant.serverIds[name]!);
      expect(row.health_status).toBe("healthy");
      expect(row.last_error).toBeNull();
      expect(row.last_health_at).toBeInstanceOf(Date);
      expect(row.server_info).toMatchObject({ name: "omnimesh-demo", version: "1.0.0" });
    }
    const local = await health(suite.tenant.serverIds.local!);
    type Item = Record<string, unknown>;
    const capabilities = local.capabilities as unknown as {
      advertised: Item;
      tools: Item[];
      prompts: Item[];
      resources: Item[];
      resourceTemplates: Item[];
    };
    expect(capabilities.advertised).toHaveProperty("tools");
    expect(capabilities.tools.map((tool) => tool.name).sort()).toEqual(["add", "echo", "get_time", "sleep"]);
    const echo = capabilities.tools.find((tool) => tool.name === "echo")!;
    expect(echo.description).toBe("Returns the text it is given");
    expect(echo.inputSchema).toMatchObject({ type: "object", properties: { text: { type: "string" } } });
    expect(capabilities.resources.map((resource) => resource.uri)).toContain("demo://info");
    expect(capabilities.resourceTemplates.length).toBeGreaterThan(0);
    expect(capabilities.prompts.length).toBeGreaterThan(0);
  }, 60_000);

  test("the shared connection is reused; the isolated server's probe connection is closed", async () => {
    const upstreams = suite.gateway.dataplane.upstreams;
    const shared = upstreams.ofServer(suite.tenant.serverIds.local!);
    expect(shared).toHaveLength(1);
    const spawns = shared[0]!.process;
    const pid = spawns.pid;
    await sweepOwn();
    expect(upstreams.ofServer(suite.tenant.serverIds.local!)).toEqual(shared);
    expect(shared[0]!.process.pid).toBe(pid);
    expect(upstreams.ofServer(suite.tenant.serverIds.iso!)).toHaveLength(0);
  }, 60_000);

  test("disabled servers and other orgs' servers are not written", async () => {
    for (const id of [disabledId, other.serverIds.theirs!]) {
      expect(await health(id)).toEqual({
        health_status: "unknown",
        last_health_at: null,
        last_error: null,
        capabilities: null,
        server_info: null,
      });
    }
  });

  test("a dead HTTP server turns unhealthy with the cause, keeps its last lists, and recovers", async () => {
    http.stop(true);
    await sweepOwn();
    const dead = await health(suite.tenant.serverIds.remote!);
    expect(dead.health_status).toBe("unhealthy");
    expect(dead.last_error).toContain('Upstream server "remote"');
    expect(dead.last_error).toMatch(/unable to connect|ECONNREFUSED|connection refused|fetch failed/i);
    expect((dead.capabilities as { tools: unknown[] }).tools).toHaveLength(4);
    expect((await health(suite.tenant.serverIds.local!)).health_status).toBe("healthy");

    http = serveDemoHttp(httpPort);
    const healed = await eventually(async () => {
      await sweepOwn();
      const row = await health(suite.tenant.serverIds.remote!);
      return row.health_status === "healthy" ? row : undefined;
    }, 40_000);
    expect(healed.last_error).toBeNull();
  }, 60_000);

  test("a replica does not sweep while another holds the sweep lock", async () => {
    const replica = await pool.connect();
    try {
      await replica.query("select pg_advisory_lock($1)", [SWEEP_LOCK_KEY]);
      expect(await sweepOwn()).toBeNull();
      await replica.query("select pg_advisory_unlock($1)", [SWEEP_LOCK_KEY]);
      expect(await sweepOwn()).toMatchObject({ probed: 3 });
    } finally {
      replica.release();
    }
  }, 60_000);

  test("a recently checked server is not probed again; DISCOVERY_START_IDLE=0 skips unused stdio servers", async () => {
    expect(
      await suite.gateway.dataplane.discovery.sweep({ staleAfterMs: 60_000, orgIds: [suite.tenant.orgId] }),
    ).toMatchObject({
      probed: 0,
      skipped: 0,
    });
    const idle = await startGateway(testEnv({ DISCOVERY_START_IDLE: "0" }));
    try {
      const result = await idle.dataplane.discovery.sweep({ staleAfterMs: 0, orgIds: [other.orgId] });
      expect(result).toMatchObject({ probed: 0, skipped: 1, written: 0 });
      expect(idle.dataplane.upstreams.ofServer(other.serverIds.theirs!)).toHaveLength(0);
      expect((await health(other.serverIds.theirs!)).health_status).toBe("unknown");
    } finally {
      await idle.stop();
    }
  }, 60_000);
});

describe("health from real traffic", () => {
  test("a stdio server that dies during use and cannot restart is written unhealthy without a sweep", async () => {
    // The demo server behind a gate: while the gate file exists the command exits at once.
    const dir = mkdtempSync(join(tmpdir(), "omnimesh-discovery-"));
    const gate = join(dir, "down");
    const script = join(dir, "gated.ts");
    writeFileSync(
      script,
      `import { existsSync } from "node:fs";
if (existsSync(${JSON.stringify(gate)})) { console.error("gate closed"); process.exit(3); }
const { createDemoServer } = await import(${JSON.stringify(DEMO_SERVER_PATH)});
const { StdioServerTransport } = await import("@modelcontextprotocol/sdk/server/stdio.js");
await createDemoServer().connect(new StdioServerTransport());
`,
    );
    const gatedId = await addServer(pool, env, suite.tenant, {
      name: "gated",
      transport: "stdio",
      command: process.execPath,
      args: [script],
    });
    const key = await suite.createKey();
    const client = await connectClient(suite.endpoint, key.key);
    try {
      await client.callTool({ name: "gated__echo", arguments: { text: "hi" } });
      const connection = suite.gateway.dataplane.upstreams.ofServer(gatedId)[0]!;
      writeFileSync(gate, "");
      process.kill(connection.process.pid!, "SIGKILL");
      const down = await eventually(async () => {
        const row = await health(gatedId);
        return row.health_status === "unhealthy" ? row : undefined;
      }, 15_000);
      expect(down.last_error).toContain("gate closed");

      rmSync(gate);
      const up = await eventually(async () => {
        await sweepOwn();
        const row = await health(gatedId);
        return row.health_status === "healthy" ? row : undefined;
      }, 40_000);
      expect(up.last_error).toBeNull();
      expect((up.capabilities as { tools: unknown[] }).tools).toHaveLength(4);
    } finally {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
