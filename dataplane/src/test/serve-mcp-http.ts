// A real SDK MCP server over Streamable HTTP for tests, as SDK deployments run one: a new McpServer per
// upstream session (its transport keyed by Mcp-Session-Id; an unknown id → 404), on 127.0.0.1 at a
// random port.
import { randomUUID } from "node:crypto";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  WebStandardStreamableHTTPServerTransport,
  type WebStandardStreamableHTTPServerTransportOptions,
} from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";

export interface ServeMcpHttpOptions {
  /** More transport options (an event store, a retry interval). */
  transport?: Omit<WebStandardStreamableHTTPServerTransportOptions, "sessionIdGenerator">;
  /** Sees every request first (to count GETs, …). */
  onRequest?: (request: Request) => void;
  /** A new upstream session was initialized. */
  onSession?: (sessionId: string) => void;
  /** Listen on this port (default: a random one) — e.g. the port of a stopped server, to restart it. */
  port?: number;
}

export interface ServedMcp {
  port: number;
  /** …/mcp */
  url: string;
  stop(): void;
}

export function serveMcpHttp(createServer: () => McpServer, options: ServeMcpHttpOptions = {}): ServedMcp {
  const transports = new Map<string, WebStandardStreamableHTTPServerTransport>();
  const http = Bun.serve({
    port: options.port ?? 0,
    hostname: "127.0.0.1",
    idleTimeout: 60,
    async fetch(request) {
      options.onRequest?.(request);
      const sessionId = request.headers.get("mcp-session-id");
      const existing = sessionId ? transports.get(sessionId) : undefined;
      if (existing) return existing.handleRequest(request);
      if (sessionId) return new Response("unknown session", { status: 404 });
      const transport = new WebStandardStreamableHTTPServerTransport({
        ...options.transport,
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          transports.set(id, transport);
          options.onSession?.(id);
        },
        onsessionclosed: (id) => void transports.delete(id),
      });
      await createServer().connect(transport);
      return transport.handleRequest(request);
    },
  });
  return { port: http.port!, url: `http://127.0.0.1:${http.port}/mcp`, stop: () => http.stop(true) };
}
