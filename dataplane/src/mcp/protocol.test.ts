// Full protocol semantics through an aggregated namespace: server→client requests (sampling,
// elicitation, roots) routed to the client session that caused them, cancellation both ways,
// list_changed, resource subscriptions, logging levels, pagination. Real gateway, real SDK clients,
// the demo server with its protocol tools over stdio ("local") and Streamable HTTP ("remote").
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  type ClientCapabilities,
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type pg from "pg";
import { serveDemoHttp } from "../demo/demo-server.ts";
import {
  createApiKey,
  createTenant,
  DEMO_SERVER_PATH,
  eventually,
  type Gateway,
  startGateway,
  type Tenant,
  testEnv,
  testPool,
} from "../test/fixtures.ts";

const env = testEnv();
let pool: pg.Pool;
let gateway: Gateway;
let tenant: Tenant;
let key: string;
let httpDemo: ReturnType<typeof serveDemoHttp>;
const clients: Client[] = [];

async function connect(name: string, capabilities: ClientCapabilities = {}): Promise<Client> {
  const client = new Client({ name, version: "1.0.0" }, { capabilities });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(gateway.endpoint(tenant)), {
      requestInit: { headers: { Authorization: `Bearer ${key}` } },
    }),
  );
  clients.push(client);
  return client;
}

function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.map((part) => part.text ?? "").join("");
}

beforeAll(async () => {
  pool = testPool();
  httpDemo = serveDemoHttp(0, "127.0.0.1", { protocol: true });
  gateway = await startGateway(env);
  tenant = await createTenant(pool, env, [
    { name: "local", transport: "stdio", command: process.execPath, args: [DEMO_SERVER_PATH, "--protocol"] },
    { name: "remote", transport: "streamable-http", url: `http://127.0.0.1:${httpDemo.port}/mcp` },
  ]);
  key = (await createApiKey(pool, env, tenant.orgId)).key;
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => {})));
  await gateway.stop();
  httpDemo.stop(true);
  await pool.end();
});

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

  test("the client's roots/list_changed reaches the upstream session it owns", async () => {
    const client = await connect("roots-changer", { roots: { listChanged: true } });
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [] }));
    const rootsChanged = async () =>
      (JSON.parse(textOf(await client.callTool({ name: "local__stats", arguments: {} }))) as { rootsChanged: number })
        .rootsChanged;
    expect(await rootsChanged()).toBe(0);
    await client.sendRootsListChanged();
    await eventually(async () => (await rootsChanged()) === 1);
  }, 30_000);

  test("two concurrent clients each answer only their own sampling request", async () => {
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
      a.callTool({ name: "local__ask_llm", arguments: { prompt: "from-a" } }),
      b.callTool({ name: "local__ask_llm", arguments: { prompt: "from-b" } }),
      a.callTool({ name: "remote__ask_llm", arguments: { prompt: "from-a-remote" } }),
      b.callTool({ name: "remote__ask_llm", arguments: { prompt: "from-b-remote" } }),
    ]);
    expect(calls.map(textOf)).toEqual(["a:from-a", "b:from-b", "a:from-a-remote", "b:from-b-remote"]);
    expect(seen.a!.sort()).toEqual(["from-a", "from-a-remote"]);
    expect(seen.b!.sort()).toEqual(["from-b", "from-b-remote"]);
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

describe("notifications", () => {
  test("a client's notifications/cancelled aborts the upstream call", async () => {
    const client = await connect("canceller");
    const stats = async () =>
      JSON.parse(textOf(await client.callTool({ name: "local__stats", arguments: {} }))) as { cancelled: number };
    const before = (await stats()).cancelled;
    const controller = new AbortController();
    const started = Date.now();
    const call = client.callTool({ name: "local__cancellable_sleep", arguments: { ms: 30_000 } }, undefined, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort("changed my mind"), 300);
    await expect(call).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
    await eventually(async () => (await stats()).cancelled === before + 1);
    // The chain was settled (no response is sent for a cancelled request): the call is logged.
    const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId;
    const logged = await eventually(async () => {
      const { rows } = await pool.query(
        `select status, error_code, error_message from request_logs where session_id = $1 and tool_name = $2`,
        [sessionId, "local__cancellable_sleep"],
      );
      return rows[0];
    });
    expect(logged).toEqual({
      status: "error",
      error_code: -32800,
      error_message: "Request cancelled by the client: changed my mind",
    });
  }, 30_000);

  test("tools/list_changed from an upstream reaches the namespace's sessions", async () => {
    const [caller, watcher] = await Promise.all([connect("adder"), connect("watcher")]);
    let changed = 0;
    watcher.setNotificationHandler(ToolListChangedNotificationSchema, async () => void changed++);
    const added = textOf(await caller.callTool({ name: "local__add_tool", arguments: {} }));
    await eventually(async () => changed > 0);
    const { tools } = await watcher.listTools();
    expect(tools.map((tool) => tool.name)).toContain(`local__${added}`);
  }, 30_000);

  test("another org's sessions never see this namespace's notifications", async () => {
    const other = await createTenant(pool, env, [
      { name: "local", transport: "stdio", command: process.execPath, args: [DEMO_SERVER_PATH, "--protocol"] },
    ]);
    const otherKey = (await createApiKey(pool, env, other.orgId)).key;
    const stranger = new Client({ name: "stranger", version: "1.0.0" });
    await stranger.connect(
      new StreamableHTTPClientTransport(new URL(gateway.endpoint(other)), {
        requestInit: { headers: { Authorization: `Bearer ${otherKey}` } },
      }),
    );
    clients.push(stranger);
    const [caller, watcher] = await Promise.all([connect("adder-2"), connect("watcher-2")]);
    const seen = { stranger: 0, watcher: 0 };
    stranger.setNotificationHandler(ToolListChangedNotificationSchema, async () => void seen.stranger++);
    watcher.setNotificationHandler(ToolListChangedNotificationSchema, async () => void seen.watcher++);
    await stranger.listTools();
    await caller.callTool({ name: "local__add_tool", arguments: {} });
    await eventually(async () => seen.watcher > 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen.stranger).toBe(0);
  }, 30_000);

  test("resources/updated goes only to subscribed sessions; the upstream is subscribed once", async () => {
    const [first, second, bystander] = await Promise.all([connect("sub-1"), connect("sub-2"), connect("bystander")]);
    const updates = { first: 0, second: 0, bystander: 0 };
    first.setNotificationHandler(ResourceUpdatedNotificationSchema, async () => void updates.first++);
    second.setNotificationHandler(ResourceUpdatedNotificationSchema, async () => void updates.second++);
    bystander.setNotificationHandler(ResourceUpdatedNotificationSchema, async () => void updates.bystander++);
    const upstreamSubscriptions = async () =>
      (
        JSON.parse(textOf(await bystander.callTool({ name: "local__stats", arguments: {} }))) as {
          subscribed: Record<string, number>;
        }
      ).subscribed;

    await first.subscribeResource({ uri: "demo://counter" });
    await second.subscribeResource({ uri: "demo://counter" });
    expect(await upstreamSubscriptions()).toEqual({ "demo://counter": 1 });

    await bystander.callTool({ name: "local__touch_counter", arguments: {} });
    await eventually(async () => updates.first === 1 && updates.second === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(updates.bystander).toBe(0);

    await first.unsubscribeResource({ uri: "demo://counter" });
    expect(await upstreamSubscriptions()).toEqual({ "demo://counter": 1 });
    await second.unsubscribeResource({ uri: "demo://counter" });
    expect(await upstreamSubscriptions()).toEqual({});
  }, 30_000);

  test("a closed session's subscriptions are released upstream", async () => {
    const [leaver, observer] = await Promise.all([connect("leaver"), connect("observer")]);
    const upstreamSubscriptions = async () =>
      (
        JSON.parse(textOf(await observer.callTool({ name: "local__stats", arguments: {} }))) as {
          subscribed: Record<string, number>;
        }
      ).subscribed;
    await leaver.subscribeResource({ uri: "demo://counter" });
    expect(await upstreamSubscriptions()).toEqual({ "demo://counter": 1 });
    await (leaver.transport as StreamableHTTPClientTransport).terminateSession();
    await eventually(async () => Object.keys(await upstreamSubscriptions()).length === 0);
  }, 30_000);

  test("subscribing to an unknown resource is a clear error", async () => {
    const client = await connect("sub-unknown");
    await expect(client.subscribeResource({ uri: "demo://nope" })).rejects.toThrow(/Unknown resource "demo:\/\/nope"/);
  }, 30_000);

  test("logging: each session gets the messages at or above its own level", async () => {
    const [quiet, chatty] = await Promise.all([connect("quiet"), connect("chatty")]);
    const received = { quiet: [] as string[], chatty: [] as string[] };
    quiet.setNotificationHandler(
      LoggingMessageNotificationSchema,
      async (n) => void received.quiet.push(String(n.params.data)),
    );
    chatty.setNotificationHandler(LoggingMessageNotificationSchema, async (n) => {
      received.chatty.push(String(n.params.data));
      expect(n.params.logger).toBe("local/demo");
    });
    await quiet.setLoggingLevel("warning");
    await chatty.setLoggingLevel("debug");
    await quiet.callTool({ name: "local__log", arguments: { level: "info", message: "info-1" } });
    await quiet.callTool({ name: "local__log", arguments: { level: "error", message: "error-1" } });
    await eventually(async () => received.chatty.includes("error-1") && received.quiet.includes("error-1"));
    expect(received.chatty).toContain("info-1");
    expect(received.quiet).not.toContain("info-1");
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
