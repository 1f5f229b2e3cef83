// The demo MCP server the seed registers: tools echo / add / get_time / sleep, a resource, a resource
// template and a prompt. Built with the official SDK's McpServer.
//   bun dataplane/src/demo/demo-server.ts                stdio (default)
//   bun dataplane/src/demo/demo-server.ts --http <port>  Streamable HTTP; port 0 picks a free one and
//                                                        prints "listening on http://127.0.0.1:PORT/mcp"
import { randomUUID } from "node:crypto";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { z } from "zod";

export function createDemoServer(): McpServer {
  const server = new McpServer({ name: "omnimesh-demo", version: "1.0.0" });
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
  return server;
}

/** Streamable HTTP with one McpServer per session (what real deployments of the SDK do). */
export function serveDemoHttp(port: number, hostname = "127.0.0.1") {
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
      await createDemoServer().connect(transport);
      return transport.handleRequest(request);
    },
  });
}

if (import.meta.main) {
  const httpFlag = process.argv.indexOf("--http");
  if (httpFlag >= 0) {
    const server = serveDemoHttp(Number(process.argv[httpFlag + 1] ?? 0));
    console.log(`listening on http://127.0.0.1:${server.port}/mcp`);
  } else {
    await createDemoServer().connect(new StdioServerTransport());
  }
}
