// The server side of MCP over WebSocket (subprotocol "mcp"): one JSON-RPC message per text frame.
// The socket was authenticated at upgrade; every message is delivered with that request context so
// the session runs it through the same chain as HTTP traffic.
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";
import { jsonRpcErrorBody } from "../../lib/app-error.ts";
import { asJsonRpcMessage } from "./plain-message.ts";

/** What the transport needs of Bun's ServerWebSocket. */
export interface SocketLike {
  sendText(data: string): number;
  close(code?: number, reason?: string): void;
  ping(data?: string): number;
}

export class WebSocketServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  readonly sessionId: string;
  private closed = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    sessionId: string,
    private readonly socket: SocketLike,
    /**
     * The auth context of the upgrade request, re-checked per frame (a socket outlives many requests:
     * a revoked or expired credential must stop working on it too). An Error refuses the frame.
     */
    private readonly authorize: () => MessageExtraInfo | Error | Promise<MessageExtraInfo | Error>,
  ) {
    this.sessionId = sessionId;
  }

  async start(): Promise<void> {}

  /** One frame from the client: a JSON-RPC message, or an error answered on the socket. */
  receive(data: string | Buffer): void {
    if (typeof data !== "string") {
      this.reply(-32700, "Parse error: binary frames are not supported, send JSON-RPC as text frames");
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      this.reply(-32700, "Parse error: frame is not valid JSON");
      return;
    }
    const id = (parsed as { id?: unknown })?.id;
    const replyId = typeof id === "string" || typeof id === "number" ? id : null;
    if (Array.isArray(parsed)) {
      this.reply(-32600, "Invalid Request: send one JSON-RPC message per frame (no batches)", replyId);
      return;
    }
    const message = asJsonRpcMessage(parsed);
    if (!message) {
      this.reply(-32600, "Invalid Request: frame is not a JSON-RPC 2.0 message", replyId);
      return;
    }
    // Frames are delivered in the order they arrived, even when a credential check has to wait.
    this.queue = this.queue.then(async () => {
      const extra = await this.authorize();
      if (this.closed) return;
      if (extra instanceof Error) {
        this.reply(-32041, extra.message, replyId);
        this.socket.close(4401, "credential no longer valid");
        return;
      }
      this.onmessage?.(message, extra);
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error("WebSocket session closed");
    this.socket.sendText(JSON.stringify(message));
  }

  /** The socket closed (either side). */
  disconnected(): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.socket.close(1000, "session closed");
    } catch {
      // Already closed.
    }
    this.onclose?.();
  }

  private reply(code: number, message: string, id: string | number | null = null): void {
    if (!this.closed) this.socket.sendText(JSON.stringify(jsonRpcErrorBody(code, message, id)));
  }
}
