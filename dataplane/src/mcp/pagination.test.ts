// Aggregated lists are paged when the merged list is larger than a page: opaque cursors, every item
// exactly once, a clear error for a cursor the gateway did not issue.
import { beforeAll, describe, expect, test } from "bun:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { demoStdioServer } from "../test/fixtures.ts";
import { gatewaySuite } from "../test/gateway-suite.ts";

const suite = gatewaySuite({ servers: [demoStdioServer("a"), demoStdioServer("b")], dataplane: { listPageSize: 3 } });
let client: Client;

beforeAll(async () => {
  client = await suite.connect();
});

describe("aggregated list pagination", () => {
  test("tools/list pages the merged list with opaque cursors; every tool appears exactly once", async () => {
    const names: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : {});
      pageSizes.push(page.tools.length);
      names.push(...page.tools.map((tool) => tool.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pageSizes).toEqual([3, 3, 2]);
    const demo = ["add", "echo", "get_time", "sleep"];
    expect(names.sort()).toEqual([...demo.map((t) => `a__${t}`), ...demo.map((t) => `b__${t}`)].sort());
  }, 30_000);

  test("a list that fits in one page has no nextCursor", async () => {
    const result = await client.listPrompts();
    expect(result.prompts.map((prompt) => prompt.name).sort()).toEqual(["a__greet", "b__greet"]);
    expect(result.nextCursor).toBeUndefined();
  }, 30_000);

  test("a cursor the gateway did not issue, or one of another list, is invalid params", async () => {
    const forged = await client
      .listTools({ cursor: "not-a-cursor" })
      .catch((error: Error & { code?: number }) => error);
    expect((forged as { code?: number }).code).toBe(-32602);
    expect((forged as Error).message).toContain("Invalid cursor for tools");
    const { nextCursor } = await client.listTools();
    const crossed = await client.listPrompts({ cursor: nextCursor }).catch((error: Error) => error);
    expect((crossed as Error).message).toContain("Invalid cursor for prompts");
  }, 30_000);
});
