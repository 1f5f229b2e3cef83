// The SDK's WebSocketClientTransport opens `new WebSocket(url, "mcp")`, which cannot carry headers, so
// an upstream whose row has headers (an Authorization token, say) would connect without them. This is
// the same transport (subprotocol "mcp", one JSON-RPC message per text frame) opened with Bun's
// `new WebSocket(url, { headers, protocols })`. Rows without headers keep using the SDK's class. The
// transport tests and the benchmark connect their clients to the gateway's /ws with it too.
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { type JSONRPCMessage, JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";

const SUBPROTOCOL = "mcp";

export class HeaderWebSocketClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private socket: WebSocket | null = null;

  constructor(
    private readonly url: URL,
    private readonly headers: Record<string, string>,
  ) {}

  start(): Promise<void> {
    if (this.socket) throw new Error("HeaderWebSocketClientTransport already started");
    return new Promise((resolve, reject) => {
      // Bun extends the WebSocket constructor with an options object carrying headers.
      const socket = new WebSocket(this.url, { headers: this.headers, protocols: [SUBPROTOCOL] } as never);
      this.socket = socket;
      let opened = false;
      socket.onopen = () => {
        opened = true;
        resolve();
      };
      socket.onerror = (event) => {
        const error =
          (event as ErrorEvent).error instanceof Error
            ? (event as ErrorEvent).error
            : new Error(`WebSocket error on ${this.url.origin}${this.url.pathname}`);
        if (!opened) reject(error);
        this.onerror?.(error);
      };
      socket.onclose = (event) => {
        if (!opened) reject(new Error(`WebSocket closed before opening (code ${event.code})`));
        this.onclose?.();
      };
      socket.onmessage = (event) => {
        let message: JSONRPCMessage;
        try {
          message = JSONRPCMessageSchema.parse(JSON.parse(String(event.data)));
        } catch (error) {
          this.onerror?.(error as Error);
          return;
        }
        this.onmessage?.(message);
      };
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) throw new Error("Not connected");
    this.socket.send(JSON.stringify(message));
  }

  async close(): Promise<void> {
    this.socket?.close();
  }
}
