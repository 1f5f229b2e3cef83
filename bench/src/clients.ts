// One benchmark "session" per client transport: something that calls one tool back to back. SDK
// clients for the session transports (Streamable HTTP, legacy SSE, WebSocket); a raw keep-alive fetch
// client for the session-less ones (stateless 2026-07-28 POST, /rpc), as a lean HTTP client would.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
// The data plane's own header-capable WebSocket client (the SDK's cannot send the bearer header).
import { HeaderWebSocketClientTransport } from "../../dataplane/src/mcp/upstreams/websocket-transport.ts";

export interface BenchSession {
  /** One tools/call; false when it failed or returned an error result. */
  call(i: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface Target {
  label: string;
  open(): Promise<BenchSession>;
}

export type ClientTransport = "streamable-http" | "streamable-http-capable" | "stateless" | "rpc" | "sse" | "websocket";
export const CLIENT_TRANSPORTS: ClientTransport[] = [
  "streamable-http",
  "streamable-http-capable",
  "stateless",
  "rpc",
  "sse",
  "websocket",
];

/**
 * What IDE clients (VS Code, Claude Code, Cursor) declare: they can be asked for roots, sampling and
 * elicitation, so the gateway must be able to route such requests back to them during a call.
 */
const IDE_CAPABILITIES = { roots: { listChanged: true }, sampling: {}, elicitation: {} };

const LABELS: Record<ClientTransport, string> = {
  "streamable-http": "Streamable HTTP session",
  "streamable-http-capable": "Streamable HTTP, IDE-like client",
  stateless: "stateless 2026-07-28 POST",
  rpc: "/rpc",
  sse: "legacy SSE",
  websocket: "WebSocket",
};

export function transportLabel(transport: ClientTransport): string {
  return LABELS[transport];
}

async function sdkSession(transport: Transport, tool: string, ide = false): Promise<BenchSession> {
  const client = new Client(
    { name: "omnimesh-bench", version: "1.0.0" },
    ide ? { capabilities: IDE_CAPABILITIES } : undefined,
  );
  if (ide) {
    // Declared capabilities need handlers; the benchmark's tool never asks, so these never run.
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [] }));
    client.setRequestHandler(CreateMessageRequestSchema, async () => {
      throw new Error("the benchmark does not sample");
    });
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "decline" }));
  }
  await client.connect(transport);
  return {
    async call(i) {
      const result = await client.callTool({ name: tool, arguments: { text: `call ${i}` } });
      return !result.isError;
    },
    close: () => client.close(),
  };
}

/** The direct upstream: the same SDK client over Streamable HTTP, no gateway. */
export function directTarget(url: string, tool: string): Target {
  return { label: "direct", open: () => sdkSession(new StreamableHTTPClientTransport(new URL(url)), tool) };
}

/**
 * The gateway over one client transport. `ns` is the namespace base URL (…/ns/:org/:ns); `key` an API
 * key; `tool` the exposed tool name.
 */
export function gatewayTarget(transport: ClientTransport, ns: string, key: string, tool: string): Target {
  const headers = { Authorization: `Bearer ${key}` };
  const label = `gateway ${LABELS[transport]}`;
  switch (transport) {
    case "streamable-http":
      return {
        label,
        open: () =>
          sdkSession(new StreamableHTTPClientTransport(new URL(`${ns}/mcp`), { requestInit: { headers } }), tool),
      };
    case "streamable-http-capable":
      return {
        label,
        open: () =>
          sdkSession(new StreamableHTTPClientTransport(new URL(`${ns}/mcp`), { requestInit: { headers } }), tool, true),
      };
    case "sse":
      // requestInit headers go on the event-stream GET as well as on every POST.
      return {
        label,
        open: () => sdkSession(new SSEClientTransport(new URL(`${ns}/sse`), { requestInit: { headers } }), tool),
      };
    case "websocket":
      return {
        label,
        open: () =>
          sdkSession(
            new HeaderWebSocketClientTransport(new URL(`${ns.replace(/^http/, "ws")}/ws`), {
              Authorization: `Bearer ${key}`,
            }),
            tool,
          ),
      };
    case "stateless":
      return { label, open: async () => rawSession(`${ns}/mcp`, key, tool, true) };
    case "rpc":
      return { label, open: async () => rawSession(`${ns}/rpc`, key, tool, false) };
  }
}

const MODERN = "2026-07-28";

/** A session-less client: one POST per call over Bun's keep-alive fetch, the JSON answer parsed. */
function rawSession(url: string, key: string, tool: string, modern: boolean): BenchSession {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    authorization: `Bearer ${key}`,
  };
  if (modern) {
    headers["mcp-protocol-version"] = MODERN;
    headers["mcp-method"] = "tools/call";
  }
  const meta = modern
    ? { "io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientCapabilities": {} }
    : undefined;
  return {
    async call(i) {
      const params: Record<string, unknown> = { name: tool, arguments: { text: `call ${i}` } };
      if (meta) params._meta = meta;
      const res = await fetch(url, {
        method: "POST",
        headers,
        body: JSON.stringify({ jsonrpc: "2.0", id: i, method: "tools/call", params }),
      });
      const body = (await res.json()) as { result?: { isError?: boolean }; error?: unknown };
      return res.ok && body.result !== undefined && !body.result.isError;
    },
    close: async () => {},
  };
}
