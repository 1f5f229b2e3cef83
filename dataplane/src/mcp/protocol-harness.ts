// Test support for the protocol suites: reading what real SDK clients got. (Clients themselves come from
// gatewaySuite's connect, in src/test/gateway-suite.ts.)
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

/** The text of a tool result. */
export function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.map((part) => part.text ?? "").join("");
}

/** The Streamable HTTP session id the gateway gave a client. */
export function sessionIdOf(client: Client): string {
  return (client.transport as StreamableHTTPClientTransport).sessionId!;
}
