// Real SDK clients for each client transport (legacy SSE, WebSocket), raw /rpc calls and the
// request_logs rows they leave. The gateway and tenant come from gatewaySuite (src/test/gateway-suite.ts).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import type pg from "pg";
import { HeaderWebSocketClientTransport } from "../../mcp/upstreams/websocket-transport.ts";
import { eventually } from "../../test/fixtures.ts";

export async function connectSseClient(
  url: string,
  key: string,
  capabilities: ClientCapabilities = {},
): Promise<Client> {
  const client = new Client({ name: "sse-test", version: "1.0.0" }, { capabilities });
  // requestInit headers go on the event-stream GET as well as on every POST.
  await client.connect(
    new SSEClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${key}` } } }),
  );
  return client;
}

export async function connectWsClient(
  url: string,
  key: string,
  capabilities: ClientCapabilities = {},
): Promise<Client> {
  const client = new Client({ name: "ws-test", version: "1.0.0" }, { capabilities });
  await client.connect(
    new HeaderWebSocketClientTransport(new URL(url.replace(/^http/, "ws")), { Authorization: `Bearer ${key}` }),
  );
  return client;
}

export function rpcPost(url: string, key: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify(body),
  });
}

/** The transports request_logs recorded for a key's calls of `method`, once there are `count` rows. */
export async function loggedTransports(pool: pg.Pool, apiKeyId: string, method: string, count = 1) {
  return eventually(async () => {
    const { rows } = await pool.query<{ transport: string; status: string }>(
      `select transport, status from request_logs where api_key_id = $1 and method = $2 order by created_at`,
      [apiKeyId, method],
    );
    return rows.length >= count ? rows : undefined;
  });
}

/** Reads an SSE response body until `predicate` matches the text so far (or the time runs out). */
export async function readSseUntil(response: Response, predicate: (text: string) => boolean, timeoutMs = 5_000) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  while (!predicate(text)) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error(`SSE condition not met; got: ${text}`);
    const chunk = await Promise.race([
      reader.read(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`SSE timeout; got: ${text}`)), remaining)),
    ]);
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  await reader.cancel().catch(() => {});
  return text;
}
