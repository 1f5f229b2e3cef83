// The demo server as the seed and the docs run it: a real process, over HTTP (--http 0) and stdio.
import { describe, expect, test } from "bun:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { DEMO_SERVER_PATH } from "../test/fixtures.ts";

describe("demo MCP server", () => {
  test("--http 0 prints its URL and serves echo/add/get_time", async () => {
    const child = Bun.spawn([process.execPath, DEMO_SERVER_PATH, "--http", "0"], { stdout: "pipe" });
    try {
      const reader = child.stdout.getReader();
      const { value } = await reader.read();
      const line = new TextDecoder().decode(value);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(line)?.[1];
      expect(url).toBeDefined();
      const client = new Client({ name: "t", version: "1" });
      await client.connect(new StreamableHTTPClientTransport(new URL(url!)));
      expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual([
        "add",
        "echo",
        "get_time",
        "sleep",
      ]);
      expect(await client.callTool({ name: "echo", arguments: { text: "hi" } })).toEqual({
        content: [{ type: "text", text: "hi" }],
      });
      const time = (await client.callTool({ name: "get_time", arguments: {} })) as { content: Array<{ text: string }> };
      expect(Number.isNaN(Date.parse(time.content[0]!.text))).toBe(false);
      await client.close();
    } finally {
      child.kill();
    }
  });

  test("stdio by default, with a resource and a prompt", async () => {
    const client = new Client({ name: "t", version: "1" });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [DEMO_SERVER_PATH] }));
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(["demo://info"]);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(["greet"]);
    expect(await client.callTool({ name: "add", arguments: { a: 2, b: 3 } })).toEqual({
      content: [{ type: "text", text: "5" }],
      structuredContent: { sum: 5 },
    });
    await client.close();
  });
});
