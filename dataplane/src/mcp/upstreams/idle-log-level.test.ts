// A per-client upstream session closed for idleness (UpstreamPool.ownedIdleMs) and reopened by the next
// call gets its client's logging/setLevel again. Real gateway and SDK client; the upstream is a real
// SDK server over Streamable HTTP that records every setLevel it is sent, by upstream session.
import { expect, test } from "bun:test";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { type LoggingLevel, SetLevelRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { eventually } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { serveMcpHttp } from "../../test/serve-mcp-http.ts";
import { sessionIdOf, textOf } from "../protocol-harness.ts";

/** setLevel requests the upstream received: [upstream session id, level]. */
const received: [string, LoggingLevel][] = [];

function serveRecorder() {
  return serveMcpHttp(() => {
    const server = new McpServer({ name: "level-recorder", version: "1.0.0" }, { capabilities: { logging: {} } });
    server.registerTool("echo", { inputSchema: { text: z.string() } }, async ({ text }) => ({
      content: [{ type: "text", text }],
    }));
    server.server.setRequestHandler(SetLevelRequestSchema, async (req, extra) => {
      received.push([extra.sessionId ?? "", req.params.level]);
      return {};
    });
    return server;
  });
}

const suite = gatewaySuite({
  servers: () => {
    const recorder = serveRecorder();
    suite.onStop(() => recorder.stop());
    return [{ name: "rec", transport: "streamable-http", url: `http://127.0.0.1:${recorder.port}/mcp` }];
  },
});

test("a per-client upstream session reopened after its idle timeout is sent its client's log level again", async () => {
  const upstreams = suite.gateway.dataplane.upstreams;
  // A sampling-capable client gets an upstream session of its own on HTTP servers.
  const client = await suite.connect({ name: "verbose", capabilities: { sampling: {} } });
  const own = () => upstreams.ofServer(suite.tenant.serverIds.rec!).find((c) => c.owner === sessionIdOf(client));
  expect(textOf(await client.callTool({ name: "rec__echo", arguments: { text: "one" } }))).toBe("one");
  const first = own()!;
  // Every connected upstream session the client uses (its own, the shared one lists came from) gets it.
  const connected = upstreams.ofServer(suite.tenant.serverIds.rec!).filter((c) => c.connected).length;
  expect(connected).toBeGreaterThanOrEqual(1);
  await client.setLoggingLevel("debug");
  const levelsOf = (count: number) => eventually(async () => received.length >= count && received.slice());
  const before = await levelsOf(connected);
  expect(before.map(([, level]) => level)).toEqual(Array(connected).fill("debug"));
  const firstSessions = new Set(before.map(([session]) => session));

  const idleMs = upstreams.ownedIdleMs;
  upstreams.ownedIdleMs = 0;
  try {
    expect(await upstreams.closeIdle(Date.now() + 1_000)).toBeGreaterThanOrEqual(1);
  } finally {
    upstreams.ownedIdleMs = idleMs;
  }
  expect(own()).toBeUndefined();

  expect(textOf(await client.callTool({ name: "rec__echo", arguments: { text: "two" } }))).toBe("two");
  const reopened = own()!;
  expect(reopened).not.toBe(first);
  expect(reopened.connected).toBe(true);
  const after = await levelsOf(before.length + 1);
  const resent = after.slice(before.length);
  expect(resent).toHaveLength(1);
  expect(resent[0]![1]).toBe("debug");
  // …on a new upstream session, not one that already had it.
  expect(firstSessions.has(resent[0]![0])).toBe(false);
}, 30_000);
