// Test plumbing for `scripts/conformance.ts --direct`: the conformance CLI only speaks Streamable
// HTTP, so to run it against the conformance server over stdio (no gateway) this relays each HTTP
// session to its own child process, message for message. Messages the child sends that are not
// responses (progress, logs, sampling/elicitation requests) ride on the stream of the client request
// they belong to: by progress token, else the latest request still in flight.
import { randomUUID } from "node:crypto";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import {
  isJSONRPCErrorResponse,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";
import { rejectRebinding } from "./conformance-http.ts";

interface RelaySession {
  http: WebStandardStreamableHTTPServerTransport;
  child: StdioClientTransport;
  inFlight: Map<RequestId, unknown>;
}

function relatedRequest(session: RelaySession, message: JSONRPCMessage): RequestId | undefined {
  const params = (message as { params?: { progressToken?: unknown } }).params;
  if (params?.progressToken !== undefined) {
    for (const [id, token] of session.inFlight) if (token === params.progressToken) return id;
  }
  return [...session.inFlight.keys()].at(-1);
}

async function openSession(command: string[], sessions: Map<string, RelaySession>): Promise<RelaySession> {
  const child = new StdioClientTransport({ command: command[0]!, args: command.slice(1), stderr: "inherit" });
  const http: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id) => void sessions.set(id, session),
    onsessionclosed: (id) => {
      sessions.delete(id);
      void child.close();
    },
  });
  const session: RelaySession = { http, child, inFlight: new Map() };
  http.onmessage = (message) => {
    if (isJSONRPCRequest(message)) session.inFlight.set(message.id, message.params?._meta?.progressToken);
    void child.send(message);
  };
  child.onmessage = (message) => {
    if (isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) {
      session.inFlight.delete(message.id!);
      void http.send(message);
      return;
    }
    void http.send(message, { relatedRequestId: relatedRequest(session, message) });
  };
  await child.start();
  await http.start();
  return session;
}

export function startStdioRelay(command: string[]) {
  const sessions = new Map<string, RelaySession>();
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    idleTimeout: 60,
    async fetch(request) {
      // The relay is an HTTP server on localhost like the HTTP conformance server: same protection.
      const rejected = rejectRebinding(request);
      if (rejected) return rejected;
      const sessionId = request.headers.get("mcp-session-id");
      const existing = sessionId ? sessions.get(sessionId) : undefined;
      if (existing) return existing.http.handleRequest(request);
      if (sessionId) return new Response("session not found", { status: 404 });
      const session = await openSession(command, sessions);
      const response = await session.http.handleRequest(request);
      if (!session.http.sessionId) void session.child.close();
      return response;
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/mcp`,
    async stop() {
      await server.stop(true);
      await Promise.all([...sessions.values()].map((session) => session.child.close()));
    },
  };
}
