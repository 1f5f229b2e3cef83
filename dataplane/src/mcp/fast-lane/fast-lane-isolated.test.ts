// Isolated servers on the fast lane: every client session has a connection of its own (stdio: its own
// process; Streamable HTTP: its own upstream session), and its calls are sent on it — a raw channel
// over that connection — exactly where the SDK path would send them. Real gateway, real SDK clients,
// the demo server over stdio, a scripted HTTP upstream.
import { describe, expect, test } from "bun:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { CreateMessageRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { demoStdioServer } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { textOf } from "../protocol-harness.ts";
import { type FakeUpstream, startFakeUpstream } from "./fake-upstream.ts";

let upstream: FakeUpstream;
const suite = gatewaySuite({
  servers: () => {
    upstream = startFakeUpstream();
    suite.onStop(() => upstream.stop());
    return [
      { ...demoStdioServer("iso", { protocol: true }), isolated: true },
      { name: "isohttp", transport: "streamable-http", url: upstream.url, timeoutMs: 5_000, isolated: true },
    ];
  },
});

const served = () => suite.gateway.dataplane.fastLane!.served;
const pidOf = async (client: Client) =>
  (JSON.parse(textOf(await client.callTool({ name: "iso__stats", arguments: {} }))) as { pid: number }).pid;

describe("isolated servers on the fast lane", () => {
  test("stdio: each session's calls reach its own process, over the fast lane", async () => {
    const [a, b] = await Promise.all([suite.connect({ name: "a" }), suite.connect({ name: "b" })]);
    const before = served();
    const [pidA, pidB] = await Promise.all([pidOf(a), pidOf(b)]);
    expect(pidA).not.toBe(pidB);
    expect(await pidOf(a)).toBe(pidA);
    expect(served() - before).toBe(3);
  });

  test("stdio: a session that declared sampling answers its own process's request during a fast call", async () => {
    const client = await suite.connect({ name: "asker", capabilities: { sampling: {} } });
    client.setRequestHandler(CreateMessageRequestSchema, async () => ({
      role: "assistant",
      content: { type: "text", text: "from asker" },
      model: "test",
    }));
    const before = served();
    const result = await client.callTool({ name: "iso__ask_llm", arguments: { prompt: "hi" } });
    expect(textOf(result)).toBe("from asker");
    expect(served() - before).toBe(1);
  });

  test("Streamable HTTP: each session's calls go on its own upstream session (no second one for the channel)", async () => {
    const sessions = upstream.initializations;
    const [a, b] = await Promise.all([suite.connect({ name: "ha" }), suite.connect({ name: "hb" })]);
    const before = served();
    const echo = (client: Client, text: string) => client.callTool({ name: "isohttp__echo", arguments: { text } });
    expect(textOf(await echo(a, "one"))).toBe("one");
    expect(textOf(await echo(b, "two"))).toBe("two");
    expect(served() - before).toBe(2);
    expect(upstream.initializations - sessions).toBe(2);
  });
});
