// Progress on the fast lane: a call with a progress token to a Streamable HTTP server goes over the raw
// channel with the client's token; the upstream's progress arrives on that call's own response stream,
// so it goes to exactly that client (on the call's event stream, or the SSE/WebSocket session's
// transport), and each one resets the call's timeout as on the SDK path. Real gateway, real SDK clients,
// the conformance server (test_tool_with_progress: 0, 50, 100) over Streamable HTTP.
import { describe, expect, test } from "bun:test";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { createConformanceServer } from "../../conformance/conformance-server.ts";
import { connectSseClient, connectWsClient } from "../../modules/mcp/transport-fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { type ServedMcp, serveMcpHttp } from "../../test/serve-mcp-http.ts";
import { textOf } from "../protocol-harness.ts";

let upstream: ServedMcp;
const suite = gatewaySuite({
  servers: () => {
    upstream = serveMcpHttp(createConformanceServer);
    suite.onStop(() => upstream.stop());
    return [{ name: "conf", transport: "streamable-http", url: upstream.url }];
  },
});

const served = () => suite.gateway.dataplane.fastLane!.served;
const PROGRESS = { name: "conf__test_tool_with_progress", arguments: {} };

describe("progress on the fast lane (Streamable HTTP upstream)", () => {
  test("every client transport gets its own call's progress, concurrently, over the fast lane", async () => {
    const clients = [
      await suite.connect({ name: "plain" }),
      await suite.connect({ name: "ide", capabilities: { roots: {}, sampling: {} } }),
      await connectSseClient(`${suite.ns}/sse`, suite.key.key),
      await connectWsClient(`${suite.ns}/ws`, suite.key.key),
    ];
    const before = served();
    const seen = clients.map(() => [] as number[]);
    const results = await Promise.all(
      clients.map((client, index) =>
        client.callTool(PROGRESS, CallToolResultSchema, {
          onprogress: (progress) => void seen[index]!.push(progress.progress),
        }),
      ),
    );
    for (const [index, result] of results.entries()) {
      // The SDK's legacy SSE client can drop the last progress that arrives just before the response
      // (typescript-sdk#2580, on the SDK path too; the gateway sends them in order): it must get the rest.
      expect(seen[index]).toEqual(index === 2 ? [0, 50, 100].slice(0, seen[index]!.length) : [0, 50, 100]);
      expect(seen[index]!.length).toBeGreaterThanOrEqual(2);
      // The upstream saw the client's own token (the SDK client numbers them by request id).
      expect(textOf(result)).toMatch(/^\d+$/);
    }
    expect(served() - before).toBe(4);
    for (const client of clients.slice(2)) await client.close();
  });
});
