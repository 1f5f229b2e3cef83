// The demo MCP server the seed registers: tools echo / add / get_time / sleep, a resource, a resource
// template and a prompt. Built with the official SDK's McpServer. Protocol tools exercise what flows
// from server to client: ask_llm (sampling), ask_user (elicitation), list_roots, list_roots_later
// (roots/list outside any call, as after roots/list_changed, reported as a log message), log, touch_counter
// (a subscribable resource that changes), add_tool (tools/list_changed), cancellable_sleep + stats;
// they are only registered with `--protocol` (or `{ protocol: true }`), so the default surface stays small.
//   bun dataplane/src/demo/demo-server.ts                stdio (default)
//   bun dataplane/src/demo/demo-server.ts --protocol     stdio, with the protocol tools
//   bun dataplane/src/demo/demo-server.ts --http <port>  Streamable HTTP; port 0 picks a free one and
//                                                        prints "listening on http://127.0.0.1:PORT/mcp"
import { randomUUID } from "node:crypto";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import {
  CreateMessageResultSchema,
  ElicitResultSchema,
  ListRootsResultSchema,
  type LoggingLevel,
  LoggingLevelSchema,
  RootsListChangedNotificationSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

export function createDemoServer(options: { protocol?: boolean } = {}): McpServer {
  const server = new McpServer(
    { name: "omnimesh-demo", version: "1.0.0" },
    options.protocol ? { capabilities: { logging: {}, resources: { subscribe: true } } } : undefined,
  );
  server.registerTool(
    "echo",
    { description: "Returns the text it is given", inputSchema: { text: z.string() } },
    async ({ text }) => ({ content: [{ type: "text", text }] }),
  );
  server.registerTool(
    "add",
    { description: "Adds two numbers", inputSchema: { a: z.number(), b: z.number() } },
    async ({ a, b }) => ({ content: [{ type: "text", text: String(a + b) }], structuredContent: { sum: a + b } }),
  );
  server.registerTool("get_time", { description: "The server's current time (ISO 8601)" }, async () => ({
    content: [{ type: "text", text: new Date().toISOString() }],
  }));
  server.registerTool(
    "sleep",
    {
      description: "Waits ms milliseconds (at most 60000), then answers",
      inputSchema: { ms: z.number().min(0).max(60_000) },
    },
    async ({ ms }) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { content: [{ type: "text", text: `slept ${ms} ms` }] };
    },
  );
  server.registerResource(
    "info",
    "demo://info",
    { description: "About this demo server", mimeType: "text/plain" },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: "text/plain", text: "Omnimesh demo MCP server" }] }),
  );
  server.registerResource(
    "echo-resource",
    new ResourceTemplate("demo://echo/{text}", { list: undefined }),
    { description: "Echoes the text in its URI", mimeType: "text/plain" },
    async (uri, { text }) => ({ contents: [{ uri: uri.href, mimeType: "text/plain", text: String(text) }] }),
  );
  server.registerPrompt(
    "greet",
    { description: "A greeting for someone", argsSchema: { name: z.string() } },
    ({ name }) => ({ messages: [{ role: "user", content: { type: "text", text: `Say hello to ${name}.` } }] }),
  );
  if (options.protocol) registerProtocolTools(server);
  return server;
}

/** Tools that make the server talk to the client (state is per server instance, i.e. per upstream session). */
function registerProtocolTools(server: McpServer): void {
  const stats = { cancelled: 0, subscribed: new Map<string, number>(), counter: 0, added: 0, rootsChanged: 0 };
  const text = (value: unknown) => ({
    content: [{ type: "text" as const, text: typeof value === "string" ? value : JSON.stringify(value) }],
  });
  // What a server does without a tool call to hang it on: asks the client's roots and reports them
  // in a log message (logger "roots"), as data `{ roots }` or `{ error }`.
  const reportRoots = async () => {
    const data = await server.server.listRoots().then(
      (result) => ({ roots: result.roots }),
      (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
    );
    await server.sendLoggingMessage({ level: "info", logger: "roots", data }).catch(() => {});
  };
  server.server.setNotificationHandler(RootsListChangedNotificationSchema, async () => {
    stats.rootsChanged++;
    void reportRoots();
  });
  server.server.setRequestHandler(SubscribeRequestSchema, async ({ params }) => {
    stats.subscribed.set(params.uri, (stats.subscribed.get(params.uri) ?? 0) + 1);
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, async ({ params }) => {
    stats.subscribed.delete(params.uri);
    return {};
  });
  server.registerResource(
    "counter",
    "demo://counter",
    { description: "A number touch_counter increments", mimeType: "text/plain" },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: "text/plain", text: String(stats.counter) }] }),
  );
  server.registerTool(
    "ask_llm",
    {
      description:
        "Asks the client's model (sampling) and returns its answer; withProgress returns { answer, progress } with the progress the client reported",
      inputSchema: { prompt: z.string(), withProgress: z.boolean().optional() },
    },
    // extra.sendRequest relates the request to the tool call, so over Streamable HTTP it travels on
    // the call's own response stream (the standalone GET stream may not be open yet).
    async ({ prompt, withProgress }, extra) => {
      const progress: unknown[] = [];
      const result = await extra.sendRequest(
        {
          method: "sampling/createMessage",
          params: { messages: [{ role: "user", content: { type: "text", text: prompt } }], maxTokens: 100 },
        },
        CreateMessageResultSchema,
        withProgress ? { onprogress: (update) => void progress.push(update) } : undefined,
      );
      const answer = result.content.type === "text" ? result.content.text : result.content;
      return text(withProgress ? { answer, progress } : answer);
    },
  );
  server.registerTool(
    "ask_user",
    {
      description: "Asks the user a question (elicitation); timeoutMs makes the server give up and cancel",
      inputSchema: { question: z.string(), timeoutMs: z.number().optional() },
    },
    async ({ question, timeoutMs }, extra) => {
      const result = await extra.sendRequest(
        {
          method: "elicitation/create",
          params: {
            mode: "form",
            message: question,
            requestedSchema: { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] },
          },
        },
        ElicitResultSchema,
        timeoutMs ? { timeout: timeoutMs } : undefined,
      );
      return text(result);
    },
  );
  server.registerTool("list_roots", { description: "The client's roots" }, async (extra) =>
    text(await extra.sendRequest({ method: "roots/list" }, ListRootsResultSchema)),
  );
  server.registerTool(
    "list_roots_later",
    {
      description: "Answers at once; ms later asks the client's roots (outside any call) and logs them",
      inputSchema: { ms: z.number().min(0).max(60_000) },
    },
    async ({ ms }) => {
      setTimeout(() => void reportRoots(), ms);
      return text("scheduled");
    },
  );
  server.registerTool(
    "log",
    {
      description: "Sends a log message at the given level",
      inputSchema: { level: LoggingLevelSchema, message: z.string() },
    },
    async ({ level, message }, extra) => {
      await server.sendLoggingMessage({ level: level as LoggingLevel, logger: "demo", data: message }, extra.sessionId);
      return text("logged");
    },
  );
  server.registerTool(
    "touch_counter",
    { description: "Increments demo://counter and notifies subscribers" },
    async () => {
      stats.counter++;
      await server.server.sendResourceUpdated({ uri: "demo://counter" });
      return text(String(stats.counter));
    },
  );
  server.registerTool("add_tool", { description: "Registers one more tool (tools/list_changed)" }, async () => {
    const name = `extra_${++stats.added}`;
    server.registerTool(name, { description: "Added at run time" }, async () => text(name));
    return text(name);
  });
  server.registerTool(
    "cancellable_sleep",
    { description: "Waits ms milliseconds unless cancelled", inputSchema: { ms: z.number().min(0).max(60_000) } },
    async ({ ms }, extra) => {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        extra.signal.addEventListener("abort", () => {
          clearTimeout(timer);
          stats.cancelled++;
          resolve();
        });
      });
      return text(extra.signal.aborted ? "cancelled" : `slept ${ms} ms`);
    },
  );
  server.registerTool("stats", { description: "What this server instance has seen (and its process id)" }, async () =>
    text({
      pid: process.pid,
      cancelled: stats.cancelled,
      subscribed: Object.fromEntries(stats.subscribed),
      rootsChanged: stats.rootsChanged,
    }),
  );
}

/** Streamable HTTP with one McpServer per session (what real deployments of the SDK do). */
export function serveDemoHttp(port: number, hostname = "127.0.0.1", options: { protocol?: boolean } = {}) {
  const transports = new Map<string, WebStandardStreamableHTTPServerTransport>();
  return Bun.serve({
    port,
    hostname,
    idleTimeout: 60,
    async fetch(request) {
      const url = new URL(request.url);
      if (url.pathname !== "/mcp") return new Response("not found", { status: 404 });
      const sessionId = request.headers.get("mcp-session-id");
      const existing = sessionId ? transports.get(sessionId) : undefined;
      if (existing) return existing.handleRequest(request);
      if (sessionId) {
        return Response.json(
          { jsonrpc: "2.0", id: null, error: { code: -32001, message: "Session not found" } },
          { status: 404 },
        );
      }
      const transport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void transports.set(id, transport),
        onsessionclosed: (id) => void transports.delete(id),
      });
      await createDemoServer(options).connect(transport);
      return transport.handleRequest(request);
    },
  });
}

if (import.meta.main) {
  const httpFlag = process.argv.indexOf("--http");
  const protocol = process.argv.includes("--protocol");
  if (httpFlag >= 0) {
    const server = serveDemoHttp(Number(process.argv[httpFlag + 1] ?? 0), "127.0.0.1", { protocol });
    console.log(`listening on http://127.0.0.1:${server.port}/mcp`);
  } else {
    await createDemoServer({ protocol }).connect(new StdioServerTransport());
  }
}
