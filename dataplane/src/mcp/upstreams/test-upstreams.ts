// Real MCP upstreams for tests of the legacy SSE and WebSocket client transports: the demo McpServer
// behind the SDK's SSEServerTransport (on a node:http server) and behind a Bun.serve WebSocket
// endpoint speaking one JSON-RPC message per text frame. Each can demand a header, to prove the
// gateway sends the server row's headers.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { type JSONRPCMessage, JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";
import type { ServerWebSocket } from "bun";
import { createDemoServer } from "../../demo/demo-server.ts";

export interface RequiredHeader {
  name: string;
  value: string;
}

function headerMissing(actual: string | string[] | null | undefined, required: RequiredHeader | undefined): boolean {
  return required !== undefined && actual !== required.value;
}

/** Legacy HTTP+SSE: GET /sse opens the stream, POST /messages?sessionId=… carries client messages. */
export async function serveLegacySse(required?: RequiredHeader) {
  const transports = new Map<string, SSEServerTransport>();
  const seen = { get: 0, post: 0 };
  const server = createServer(async (req: IncomingMessage, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (headerMissing(req.headers[required?.name.toLowerCase() ?? ""], required)) {
      res.writeHead(401).end("missing header");
      return;
    }
    if (req.method === "GET" && url.pathname === "/sse") {
      seen.get++;
      const transport = new SSEServerTransport("/messages", res);
      transports.set(transport.sessionId, transport);
      transport.onclose = () => transports.delete(transport.sessionId);
      await createDemoServer().connect(transport);
      return;
    }
    if (req.method === "POST" && url.pathname === "/messages") {
      seen.post++;
      const transport = transports.get(url.searchParams.get("sessionId") ?? "");
      if (!transport) {
        res.writeHead(404).end("unknown session");
        return;
      }
      await transport.handlePostMessage(req, res);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sse`,
    seen,
    async stop() {
      for (const transport of transports.values()) await transport.close().catch(() => {});
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The server side of one WebSocket: the SDK Transport an McpServer connects to. */
class ServerWebSocketTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  constructor(private readonly socket: ServerWebSocket<unknown>) {}

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage): Promise<void> {
    this.socket.send(JSON.stringify(message));
  }

  async close(): Promise<void> {
    this.socket.close();
  }

  receive(data: string): void {
    try {
      this.onmessage?.(JSONRPCMessageSchema.parse(JSON.parse(data)));
    } catch (error) {
      this.onerror?.(error as Error);
    }
  }
}

/** WebSocket MCP endpoint at ws://127.0.0.1:PORT/ws (subprotocol "mcp"), one McpServer per socket. */
export function serveWebSocketMcp(required?: RequiredHeader) {
  const transports = new Map<ServerWebSocket<unknown>, ServerWebSocketTransport>();
  const seen = { upgrades: 0, protocols: [] as string[] };
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(request, srv) {
      if (new URL(request.url).pathname !== "/ws") return new Response("not found", { status: 404 });
      if (headerMissing(request.headers.get(required?.name ?? "x-none"), required)) {
        return new Response("missing header", { status: 401 });
      }
      seen.upgrades++;
      seen.protocols.push(request.headers.get("sec-websocket-protocol") ?? "");
      const upgraded = srv.upgrade(request, { headers: { "Sec-WebSocket-Protocol": "mcp" } });
      return upgraded ? undefined : new Response("upgrade failed", { status: 400 });
    },
    websocket: {
      open(socket) {
        const transport = new ServerWebSocketTransport(socket);
        transports.set(socket, transport);
        void createDemoServer().connect(transport);
      },
      message(socket, data) {
        transports.get(socket)?.receive(String(data));
      },
      close(socket) {
        transports.get(socket)?.onclose?.();
        transports.delete(socket);
      },
    },
  });
  return {
    url: `ws://127.0.0.1:${server.port}/ws`,
    seen,
    stop: () => server.stop(true),
  };
}
