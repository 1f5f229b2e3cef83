// Notifications through an aggregated namespace, both ways: a client's cancellation reaching the
// upstream, list_changed, resource subscriptions (one upstream subscription however many clients) and
// per-session logging levels. Real gateway, real SDK clients, the demo server over stdio ("local").
import { describe, expect, test } from "bun:test";
import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { demoStdioServer, eventually } from "../test/fixtures.ts";
import { gatewaySuite } from "../test/gateway-suite.ts";
import { sessionIdOf, textOf } from "./protocol-harness.ts";

const suite = gatewaySuite({ servers: [demoStdioServer("local", { protocol: true })] });
const { pool } = suite;
const connect = (name: string) => suite.connect({ name });

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
    const sessionId = sessionIdOf(client);
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
    const other = await suite.createTenant([demoStdioServer("local", { protocol: true })]);
    const otherKey = (await suite.createKey({ orgId: other.orgId })).key;
    const stranger = await suite.connect({ endpoint: suite.gateway.endpoint(other), key: otherKey, name: "stranger" });
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
