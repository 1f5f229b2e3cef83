// Streamable HTTP for the conformance server: one McpServer per session (as real deployments of the
// SDK do), an in-memory event store so a closed SSE stream can be resumed with Last-Event-ID, and
// DNS-rebinding protection (only localhost Host/Origin values are served).
import { randomUUID } from "node:crypto";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  type EventStore,
  WebStandardStreamableHTTPServerTransport,
} from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

const LOCAL_HOSTNAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Events kept per session; ids are "<stream>::<sequence>" so a Last-Event-ID names its stream. */
export function memoryEventStore(): EventStore {
  const events: { id: string; streamId: string; message: JSONRPCMessage }[] = [];
  let sequence = 0;
  return {
    async storeEvent(streamId, message) {
      const id = `${streamId}::${String(++sequence).padStart(12, "0")}`;
      events.push({ id, streamId, message });
      return id;
    },
    async getStreamIdForEventId(eventId) {
      return events.find((event) => event.id === eventId)?.streamId;
    },
    async replayEventsAfter(lastEventId, { send }) {
      const streamId = lastEventId.split("::")[0]!;
      for (const event of events) {
        if (event.streamId === streamId && event.id > lastEventId) await send(event.id, event.message);
      }
      return streamId;
    },
  };
}

function isLocal(hostHeader: string | null): boolean {
  if (!hostHeader) return false;
  try {
    return LOCAL_HOSTNAMES.has(new URL(`http://${hostHeader}`).hostname);
  } catch {
    return false;
  }
}

/** 403 unless Host (and Origin, when sent) name localhost: DNS-rebinding protection. */
export function rejectRebinding(request: Request): Response | null {
  const origin = request.headers.get("origin");
  const originHost = origin ? origin.replace(/^https?:\/\//, "") : null;
  if (isLocal(request.headers.get("host")) && (originHost === null || isLocal(originHost))) return null;
  return Response.json(
    { jsonrpc: "2.0", id: null, error: { code: -32000, message: "Forbidden: non-localhost Host or Origin" } },
    { status: 403 },
  );
}

export function serveConformanceHttp(port: number, createServer: () => McpServer, hostname = "127.0.0.1") {
  const transports = new Map<string, WebStandardStreamableHTTPServerTransport>();
  return Bun.serve({
    port,
    hostname,
    idleTimeout: 60,
    async fetch(request) {
      if (new URL(request.url).pathname !== "/mcp") return new Response("not found", { status: 404 });
      const rejected = rejectRebinding(request);
      if (rejected) return rejected;
      const sessionId = request.headers.get("mcp-session-id");
      const existing = sessionId ? transports.get(sessionId) : undefined;
      if (existing) return existing.handleRequest(request);
      if (sessionId) {
        return Response.json(
          { jsonrpc: "2.0", id: null, error: { code: -32001, message: "Session not found" } },
          { status: 404 },
        );
      }
      const server = createServer();
      const transport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        eventStore: memoryEventStore(),
        retryInterval: 500,
        onsessioninitialized: (id) => void transports.set(id, transport),
        onsessionclosed: (id) => {
          transports.delete(id);
          void server.close();
        },
      });
      await server.connect(transport);
      return transport.handleRequest(request);
    },
  });
}
