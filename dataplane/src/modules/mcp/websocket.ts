// /…/ws: MCP over WebSocket (subprotocol "mcp"). The credential is checked at the upgrade, from the
// Authorization header or, since browsers cannot set WebSocket headers, from an extra subprotocol
// entry "bearer.<key>"; only "mcp" is echoed back. Bun sends pings on idle sockets (sendPings). The
// credential is re-checked (from the cache) on every frame, so revoking a key also stops its sockets.
import { randomBytes } from "node:crypto";
import type { Server, ServerWebSocket } from "bun";
import { AppError } from "../../lib/app-error.ts";
import { WebSocketServerTransport } from "../../mcp/client-transports/websocket-transport.ts";
import { Attempt, type Endpoint, type McpEdge } from "./edge.ts";

export const WS_SUBPROTOCOL = "mcp";
const BEARER_PROTOCOL = "bearer.";

/** The per-socket handlers Elysia's Bun adapter calls (it dispatches to `ws.data.<event>`). */
interface SocketData {
  open(ws: ServerWebSocket<unknown>): void;
  message(ws: ServerWebSocket<unknown>, message: string | Buffer): void;
  close(ws: ServerWebSocket<unknown>, code: number, reason: string): void;
}

export class WebSocketHandler {
  /** Open sockets by session id (operator ping/close). */
  readonly sockets = new Map<string, ServerWebSocket<unknown>>();

  constructor(private readonly edge: McpEdge) {}

  async upgrade(
    request: Request,
    endpoint: Endpoint,
    clientIp: string | null,
    server: Pick<Server<unknown>, "upgrade"> | null,
  ): Promise<Response | undefined> {
    const attempt = new Attempt(request, "websocket", clientIp);
    try {
      if (request.headers.get("upgrade")?.toLowerCase() !== "websocket" || !server) {
        throw new AppError("BAD_REQUEST", "Bad Request: expected a WebSocket upgrade (Upgrade: websocket)");
      }
      const protocols = (request.headers.get("sec-websocket-protocol") ?? "")
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean);
      if (!protocols.includes(WS_SUBPROTOCOL)) {
        throw new AppError("BAD_REQUEST", `Bad Request: the WebSocket subprotocol "${WS_SUBPROTOCOL}" is required`);
      }
      const bearer = protocols.find((entry) => entry.startsWith(BEARER_PROTOCOL));
      const authorization =
        request.headers.get("authorization") ?? (bearer ? `Bearer ${bearer.slice(BEARER_PROTOCOL.length)}` : null);
      const admission = await this.edge.admit(attempt, endpoint, { authorization });
      const id = randomBytes(24).toString("base64url");
      let socket: ServerWebSocket<unknown> | null = null;
      const transport = new WebSocketServerTransport(
        id,
        {
          sendText: (data) => socket?.sendText(data) ?? 0,
          close: (code, reason) => socket?.close(code, reason),
          ping: () => socket?.ping() ?? 0,
        },
        async () => {
          const problem = await this.edge.revalidate(admission.key);
          return problem ? new Error(problem) : { authInfo: admission.authInfo };
        },
      );
      // The session exists before the upgrade completes, so the first frame always finds it.
      const session = await this.edge.sessions.create(admission.ctx.principal, admission.route, {
        kind: "websocket",
        transport,
        id,
      });
      this.edge.own(session, admission);
      const data: SocketData = {
        open: (ws) => {
          socket = ws;
          this.sockets.set(id, ws);
        },
        message: (_ws, message) => {
          session.lastSeenAt = Date.now();
          transport.receive(message);
        },
        close: () => {
          this.sockets.delete(id);
          transport.disconnected();
          void this.edge.sessions.close(id);
        },
      };
      const upgraded = server.upgrade(request, { headers: { "Sec-WebSocket-Protocol": WS_SUBPROTOCOL }, data });
      if (!upgraded) {
        await this.edge.sessions.close(id);
        throw new AppError("BAD_REQUEST", "Bad Request: the WebSocket upgrade failed");
      }
      return undefined;
    } catch (error) {
      return this.edge.reject(attempt, error);
    }
  }
}
