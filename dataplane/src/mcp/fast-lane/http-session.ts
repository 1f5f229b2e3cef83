// The handshake of the fast lane's own Streamable HTTP session with an upstream (http-channel.ts):
// initialize with the configured headers, check the protocol version, then notifications/initialized.
// The session's headers (Mcp-Session-Id, MCP-Protocol-Version) go on every later request.
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../../lib/logger.ts";
import type { ServerConfig } from "../../modules/routing/model.ts";
import { isResponse, type RpcMessage, type RpcResponse } from "./rpc.ts";
import { readSseMessages } from "./sse-reader.ts";

const CONNECT_TIMEOUT_FLOOR_MS = 10_000;
const CLIENT_INFO = { name: "omnimesh-gateway", version: "0.1.0" };

export interface UpstreamSession {
  id: string | null;
  /** Sent with every request of the session (a shared object: fetch copies it). */
  headers: Record<string, string>;
}

/** Opens an upstream session; `id` is the JSON-RPC id of the initialize request. Throws naming the cause. */
export async function initializeSession(
  config: ServerConfig,
  url: string,
  id: number,
  logger: Logger,
): Promise<UpstreamSession> {
  const headers = baseHeaders(config);
  const signal = AbortSignal.timeout(Math.max(config.timeoutMs, CONNECT_TIMEOUT_FLOOR_MS));
  const res = await fetch(url, {
    method: "POST",
    headers,
    signal,
    body: JSON.stringify({
      jsonrpc: "2.0",
      id,
      method: "initialize",
      params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: CLIENT_INFO },
    }),
  });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`initialize failed: HTTP ${res.status}`);
  }
  const messages: RpcMessage[] = [];
  const type = res.headers.get("content-type") ?? "";
  if (type.includes("text/event-stream") && res.body) {
    await readSseMessages(res.body, (message) => messages.push(message as RpcMessage));
  } else {
    const body = (await res.json()) as RpcMessage | RpcMessage[];
    messages.push(...(Array.isArray(body) ? body : [body]));
  }
  const answer = messages.find((message) => message?.id === id && isResponse(message)) as RpcResponse | undefined;
  if (!answer) throw new Error("initialize failed: no response");
  if (answer.error) throw new Error(`initialize failed: ${answer.error.message}`);
  const version = answer.result?.protocolVersion;
  if (typeof version !== "string" || !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
    throw new Error(`initialize failed: unsupported protocol version ${String(version)}`);
  }
  const sessionId = res.headers.get("mcp-session-id");
  const session: UpstreamSession = {
    id: sessionId,
    headers: sessionId
      ? { ...headers, "mcp-protocol-version": version, "mcp-session-id": sessionId }
      : { ...headers, "mcp-protocol-version": version },
  };
  await postMessage(url, session, { jsonrpc: "2.0", method: "notifications/initialized" });
  logger.debug("fast lane upstream session", { server: config.name, protocolVersion: version });
  return session;
}

/**
 * A session someone else opened on the upstream — the SDK client of a client session's own
 * UpstreamConnection (channel-pool.ts) — as the channel sends on it: the same headers as its own.
 */
export function adoptedSession(config: ServerConfig, id: string | null, protocolVersion: string): UpstreamSession {
  const headers = baseHeaders(config);
  headers["mcp-protocol-version"] = protocolVersion;
  if (id) headers["mcp-session-id"] = id;
  return { id, headers };
}

/** The configured headers, lower-cased so they cannot duplicate the ones the protocol needs, and ours. */
function baseHeaders(config: ServerConfig): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.headers)) headers[name.toLowerCase()] = value;
  headers["content-type"] = "application/json";
  headers.accept = "application/json, text/event-stream";
  return headers;
}

/** A message that needs no answer (a notification, our answer to a server request), on the session. */
export async function postMessage(
  url: string,
  session: UpstreamSession,
  message: Record<string, unknown>,
): Promise<void> {
  const res = await fetch(url, { method: "POST", headers: session.headers, body: JSON.stringify(message) });
  await res.body?.cancel();
}
