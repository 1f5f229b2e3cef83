// Regression: the last progress notification of a call must reach the client even when the upstream
// writes it and the result back to back (the SDK Client used to drop it as "unknown progress token").
import { expect, test } from "bun:test";
import { join } from "node:path";
import { connectClient } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";

const suite = gatewaySuite({
  servers: [
    {
      name: "conformance",
      transport: "stdio",
      command: process.execPath,
      args: [join(import.meta.dir, "..", "..", "conformance", "conformance-server.ts")],
    },
  ],
});

test("every progress notification of a stdio tool call arrives, the last one included", async () => {
  const client = await connectClient(suite.serverEndpoint("conformance"), suite.key.key);
  try {
    for (let round = 0; round < 8; round++) {
      const seen: number[] = [];
      await client.callTool({ name: "test_tool_with_progress", arguments: {} }, undefined, {
        onprogress: (progress) => void seen.push(progress.progress),
      });
      expect(seen).toEqual([0, 50, 100]);
    }
  } finally {
    await client.close();
  }
}, 30_000);
