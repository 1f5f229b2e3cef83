// Protocol semantics through an aggregated namespace: server→client requests (sampling, elicitation,
// roots) routed to the client session that caused them, an upstream cancelling its request, and what
// the gateway advertises. Real gateway, real SDK clients, the demo server with its protocol tools over
// stdio ("local") and Streamable HTTP ("remote"). Also: shared-upstreams.test.ts (one stdio process,
// several clients) and protocol-notifications.test.ts (cancellation, list_changed, subscriptions, logs).
import { describe, expect, test } from "bun:test";
import {
  type ClientCapabilities,
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { serveDemoHttp } from "../demo/demo-server.ts";
import { demoStdioServer, eventually } from "../test/fixtures.ts";
import { gatewaySuite } from "../test/gateway-suite.ts";
import { sessionIdOf, textOf } from "./protocol-harness.ts";

const suite = gatewaySuite({
  servers: () => {
    const httpDemo = serveDemoHttp(0, "127.0.0.1", { protocol: true });
    suite.onStop(() => httpDemo.stop(true));
    return [
      demoStdioServer("local", { protocol: true }),
      { name: "remote", transport: "streamable-http", url: `http://127.0.0.1:${httpDemo.port}/mcp` },
    ];
  },
});
const connect = (name: string, capabilities: ClientCapabilities = {}) => suite.connect({ name, capabilities });

describe("server→client requests", () => {
  test("sampling: the upstream's createMessage is answered by the calling client (stdio upstream)", async () => {
    const client = await connect("sampler", { sampling: {} });
    const prompts: string[] = [];
    client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
      const content = request.params.messages[0]?.content as { text?: string };
      prompts.push(content.text ?? "");
      return { role: "assistant", content: { type: "text", text: `model says ${content.text}` }, model: "test" };
    });
    const result = await client.callTool({ name: "local__ask_llm", arguments: { prompt: "hi" } });
    expect(textOf(result)).toBe("model says hi");
    expect(prompts).toEqual(["hi"]);
  }, 30_000);

  test("the client's progress on a sampling request reaches the upstream (stdio and HTTP upstream)", async () => {
    const client = await connect("slow-model", { sampling: {} });
    client.setRequestHandler(CreateMessageRequestSchema, async (request, extra) => {
      const progressToken = request.params._meta?.progressToken;
      expect(progressToken).toBeDefined();
      for (const progress of [1, 2]) {
        await extra.sendNotification({
          method: "notifications/progress",
          params: { progressToken: progressToken!, progress, total: 2, message: `step ${progress}` },
        });
      }
      // A model still working: progress is only meaningful while the request is open.
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { role: "assistant", content: { type: "text", text: "done" }, model: "test" };
    });
    for (const server of ["local", "remote"]) {
      const result = await client.callTool({
        name: `${server}__ask_llm`,
        arguments: { prompt: "p", withProgress: true },
      });
      expect(JSON.parse(textOf(result))).toEqual({
        answer: "done",
        progress: [
          { progress: 1, total: 2, message: "step 1" },
          { progress: 2, total: 2, message: "step 2" },
        ],
      });
    }
  }, 30_000);

  test("elicitation: the upstream's elicitInput is answered by the calling client (HTTP upstream)", async () => {
    const client = await connect("eliciter", { elicitation: {} });
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      expect(request.params.message).toBe("Favourite colour?");
      return { action: "accept", content: { answer: "blue" } };
    });
    const result = await client.callTool({ name: "remote__ask_user", arguments: { question: "Favourite colour?" } });
    expect(JSON.parse(textOf(result))).toEqual({ action: "accept", content: { answer: "blue" } });
  }, 30_000);

  test("roots/list reaches the client's roots", async () => {
    const client = await connect("rooted", { roots: { listChanged: true } });
    client.setRequestHandler(ListRootsRequestSchema, async () => ({
      roots: [{ uri: "file:///work/project", name: "project" }],
    }));
    const result = await client.callTool({ name: "local__list_roots", arguments: {} });
    expect(JSON.parse(textOf(result))).toEqual({ roots: [{ uri: "file:///work/project", name: "project" }] });
  }, 30_000);

  test("the client's roots/list_changed reaches the upstream session it owns (HTTP upstream)", async () => {
    const client = await connect("roots-changer", { roots: { listChanged: true } });
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [] }));
    const rootsChanged = async () =>
      (JSON.parse(textOf(await client.callTool({ name: "remote__stats", arguments: {} }))) as { rootsChanged: number })
        .rootsChanged;
    expect(await rootsChanged()).toBe(0);
    await client.sendRootsListChanged();
    await eventually(async () => (await rootsChanged()) === 1);
  }, 30_000);

  test("two concurrent clients each answer only their own sampling request (HTTP upstream)", async () => {
    const [a, b] = await Promise.all([connect("client-a", { sampling: {} }), connect("client-b", { sampling: {} })]);
    const seen: Record<string, string[]> = { a: [], b: [] };
    for (const [label, client] of [
      ["a", a],
      ["b", b],
    ] as const) {
      client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
        const text = (request.params.messages[0]!.content as { text: string }).text;
        seen[label]!.push(text);
        await new Promise((resolve) => setTimeout(resolve, 200));
        return { role: "assistant", content: { type: "text", text: `${label}:${text}` }, model: "test" };
      });
    }
    const calls = await Promise.all([
      a.callTool({ name: "remote__ask_llm", arguments: { prompt: "from-a" } }),
      b.callTool({ name: "remote__ask_llm", arguments: { prompt: "from-b" } }),
      a.callTool({ name: "remote__ask_llm", arguments: { prompt: "from-a-2" } }),
    ]);
    expect(calls.map(textOf)).toEqual(["a:from-a", "b:from-b", "a:from-a-2"]);
    expect(seen.a!.sort()).toEqual(["from-a", "from-a-2"]);
    expect(seen.b!).toEqual(["from-b"]);
    // Each capable client got an HTTP upstream session of its own; the stdio server kept one process.
    const sessionIds = [a, b].map(sessionIdOf);
    const remotes = suite.gateway.dataplane.upstreams.ofServer(suite.tenant.serverIds.remote!);
    expect(sessionIds.every((id) => remotes.some((connection) => connection.owner === id))).toBe(true);
    expect(suite.gateway.dataplane.upstreams.ofServer(suite.tenant.serverIds.local!).map((c) => c.owner)).toEqual([
      null,
    ]);
  }, 60_000);

  test("a client without the sampling capability gets a clear error, not a hang", async () => {
    const client = await connect("plain");
    const started = Date.now();
    const result = (await client.callTool({ name: "local__ask_llm", arguments: { prompt: "x" } })) as {
      isError?: boolean;
    };
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("the client did not declare the sampling capability");
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);

  test("an upstream that gives up on its elicitation cancels it at the client", async () => {
    const client = await connect("slow-human", { elicitation: {} });
    let aborted = false;
    client.setRequestHandler(ElicitRequestSchema, async (_request, extra) => {
      await new Promise<void>((resolve) => extra.signal.addEventListener("abort", () => resolve()));
      aborted = true;
      return { action: "cancel" };
    });
    const result = (await client.callTool({
      name: "remote__ask_user",
      arguments: { question: "Still there?", timeoutMs: 300 },
    })) as { isError?: boolean };
    expect(result.isError).toBe(true);
    await eventually(async () => aborted);
  }, 30_000);
});

describe("per-client upstream sessions (HTTP upstream)", () => {
  test("close after the idle timeout unless a call is in flight, and reopen on the next call", async () => {
    const upstreams = suite.gateway.dataplane.upstreams;
    const client = await connect("idler", { sampling: {} });
    const sessionId = sessionIdOf(client);
    const own = () => upstreams.ofServer(suite.tenant.serverIds.remote!).find((c) => c.owner === sessionId);
    let release = () => {};
    const answered = new Promise<void>((resolve) => {
      release = resolve;
    });
    let asked = 0;
    client.setRequestHandler(CreateMessageRequestSchema, async () => {
      asked++;
      await answered;
      return { role: "assistant", content: { type: "text", text: "late" }, model: "test" };
    });
    const slow = client.callTool({ name: "remote__ask_llm", arguments: { prompt: "wait" } });
    await eventually(async () => asked === 1);
    const first = own()!;
    expect(first.connected).toBe(true);
    const idleMs = upstreams.ownedIdleMs;
    upstreams.ownedIdleMs = 0;
    try {
      // A call in flight keeps it open however idle the clock says it is.
      await upstreams.closeIdle(Date.now() + 1_000);
      expect(own()).toBe(first);
      release();
      expect(textOf(await slow)).toBe("late");
      expect(await upstreams.closeIdle(Date.now() + 1_000)).toBeGreaterThanOrEqual(1);
      expect(own()).toBeUndefined();
      expect(first.connected).toBe(false);
    } finally {
      upstreams.ownedIdleMs = idleMs;
    }
    const again = await client.callTool({ name: "remote__echo", arguments: { text: "back" } });
    expect(textOf(again)).toBe("back");
    expect(own()).not.toBe(first);
    expect(own()!.connected).toBe(true);
  }, 30_000);

  test("are kept for the default idle time (five minutes)", async () => {
    const client = await connect("recent", { sampling: {} });
    await client.callTool({ name: "remote__echo", arguments: { text: "x" } });
    await suite.gateway.dataplane.upstreams.closeIdle(Date.now() + 60_000);
    const owners = suite.gateway.dataplane.upstreams.ofServer(suite.tenant.serverIds.remote!).map((c) => c.owner);
    expect(owners).toContain(sessionIdOf(client));
  }, 30_000);
});

describe("capabilities and lists", () => {
  test("the gateway advertises logging and resource subscriptions", async () => {
    const client = await connect("caps");
    const capabilities = client.getServerCapabilities();
    expect(capabilities?.logging).toEqual({});
    expect(capabilities?.resources?.subscribe).toBe(true);
  }, 30_000);

  test("a list that fits one page has no nextCursor", async () => {
    const client = await connect("lister");
    const result = await client.listTools();
    expect(result.nextCursor).toBeUndefined();
    expect(result.tools.some((tool) => tool.name === "remote__ask_llm")).toBe(true);
  }, 30_000);
});
