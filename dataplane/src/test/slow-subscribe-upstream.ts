// A real SDK v1 server over Streamable HTTP whose resources/subscribe takes `subscribeMs` to take effect,
// and which — like a real server, unlike the demo — notifies only the upstream sessions subscribed to a
// URI. State is process-wide (one counter, every session sees it). For the race between a listen
// stream's acknowledgement and the upstream subscription it stands for.
//   touch   increments res://counter and sends resources/updated to its subscribed sessions

import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SubscribeRequestSchema, UnsubscribeRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { serveMcpHttp } from "./serve-mcp-http.ts";

export const COUNTER_URI = "res://counter";

export function serveSlowSubscribeUpstream(subscribeMs: number) {
  let counter = 0;
  const subscribed = new Set<McpServer>();
  const createServer = () => {
    const server = new McpServer(
      { name: "slow-subscribe", version: "1.0.0" },
      { capabilities: { resources: { subscribe: true } } },
    );
    server.registerResource("counter", COUNTER_URI, { mimeType: "text/plain" }, async (uri) => ({
      contents: [{ uri: uri.href, mimeType: "text/plain", text: String(counter) }],
    }));
    server.server.setRequestHandler(SubscribeRequestSchema, async () => {
      await new Promise((resolve) => setTimeout(resolve, subscribeMs));
      subscribed.add(server);
      return {};
    });
    server.server.setRequestHandler(UnsubscribeRequestSchema, async () => {
      subscribed.delete(server);
      return {};
    });
    server.registerTool("touch", { description: "Changes res://counter" }, async () => {
      counter++;
      for (const target of subscribed) await target.server.sendResourceUpdated({ uri: COUNTER_URI }).catch(() => {});
      return { content: [{ type: "text", text: String(counter) }] };
    });
    return server;
  };
  const http = serveMcpHttp(createServer);
  return { port: http.port, subscribedSessions: () => subscribed.size, stop: http.stop };
}
