// Test support for the protocol suites: real SDK clients connected to a real gateway over Streamable
// HTTP, with the capabilities a test asks for, closed together at the end.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";

export class ClientSet {
  private readonly clients: Client[] = [];

  async connect(endpoint: string, key: string, name: string, capabilities: ClientCapabilities = {}): Promise<Client> {
    const client = new Client({ name, version: "1.0.0" }, { capabilities });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(endpoint), {
        requestInit: { headers: { Authorization: `Bearer ${key}` } },
      }),
    );
    this.clients.push(client);
    return client;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.close().catch(() => {})));
  }
}

/** The text of a tool result. */
export function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.map((part) => part.text ?? "").join("");
}

/** The Streamable HTTP session id the gateway gave a client. */
export function sessionIdOf(client: Client): string {
  return (client.transport as StreamableHTTPClientTransport).sessionId!;
}
