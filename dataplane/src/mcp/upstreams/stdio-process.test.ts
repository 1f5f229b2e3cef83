// Stdio servers run in a process group of their own: closing the connection, or the server dying,
// takes everything it started with it.
import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { createLogger } from "../../lib/logger.ts";
import type { ServerConfig } from "../../modules/routing/model.ts";
import { processState } from "./stdio-process.ts";
import { UpstreamConnection } from "./upstream-connection.ts";

const GRANDCHILD_SERVER = join(import.meta.dir, "grandchild-server.ts");
const logger = createLogger("silent", {});
const open: UpstreamConnection[] = [];

function connection(): UpstreamConnection {
  const config: ServerConfig = {
    id: crypto.randomUUID(),
    orgId: "org",
    namespaceId: "ns",
    name: "tree",
    transport: "stdio",
    command: process.execPath,
    args: [GRANDCHILD_SERVER],
    env: {},
    url: null,
    headers: {},
    timeoutMs: 15_000,
    isolated: false,
    fingerprint: "f",
    configError: null,
  };
  const upstream = new UpstreamConnection(config, { stdioCwd: process.cwd(), logger });
  open.push(upstream);
  return upstream;
}

async function pids(upstream: UpstreamConnection): Promise<{ server: number; grandchild: number }> {
  const result = await upstream.request({ method: "tools/call", params: { name: "pids" } }, CallToolResultSchema);
  return JSON.parse((result.content[0] as { text: string }).text);
}

/** Gone, or exited and merely not reaped yet (a container's init may never reap orphans). */
function dead(pid: number): boolean {
  const state = processState(pid);
  return state === null || state.state === "Z" || state.state === "X";
}

async function waitDead(pid: number, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (dead(pid)) return true;
    await Bun.sleep(50);
  }
  return dead(pid);
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((upstream) => upstream.close()));
});

describe("stdio process group", () => {
  test("the server leads a process group of its own, and its grandchild is in it", async () => {
    const upstream = connection();
    const { server, grandchild } = await pids(upstream);
    expect(upstream.process.pid).toBe(server);
    expect(upstream.process.running).toBe(true);
    expect(processState(server)?.pgid).toBe(server);
    expect(processState(grandchild)?.pgid).toBe(server);
    expect(processState(process.pid)?.pgid).not.toBe(server);
  }, 20_000);

  test("closing the connection kills the server and its grandchild", async () => {
    const upstream = connection();
    const { server, grandchild } = await pids(upstream);
    expect(dead(grandchild)).toBe(false);
    await upstream.close();
    expect(await waitDead(server)).toBe(true);
    expect(await waitDead(grandchild)).toBe(true);
    expect(upstream.process.running).toBe(false);
  }, 20_000);

  test("when the server crashes, what it left behind is killed and the server is restarted", async () => {
    const upstream = connection();
    const first = await pids(upstream);
    process.kill(first.server, "SIGKILL");
    expect(await waitDead(first.grandchild)).toBe(true);
    // The connection restarts a crashed stdio server in the background after its backoff.
    const deadline = Date.now() + 10_000;
    while (!(upstream.connected && upstream.process.running) && Date.now() < deadline) await Bun.sleep(50);
    const second = await pids(upstream);
    expect(second.server).not.toBe(first.server);
    expect(upstream.process.restarts).toBe(1);
  }, 20_000);
});
