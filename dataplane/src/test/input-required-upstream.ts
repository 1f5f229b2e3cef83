// A real legacy-protocol (SDK v1) MCP server whose tools ask the client things — elicitation (form and
// URL mode), sampling, roots — for the tests of stateless multi-round-trip requests. It asks through
// the SDK Server's own helpers, so it refuses by itself when the client did not declare the capability.
// Served over Streamable HTTP (`serveInputUpstream`, one McpServer per session, shared stats) or stdio
// (`bun input-required-upstream.ts`).

import { randomUUID } from "node:crypto";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";
import { serveMcpHttp } from "./serve-mcp-http.ts";

/** What this process has seen (over HTTP: all sessions together). */
const stats = { cancelled: 0, sessions: 0 };

const text = (value: unknown) => ({
  content: [{ type: "text" as const, text: typeof value === "string" ? value : JSON.stringify(value) }],
});

const FORM = {
  type: "object" as const,
  properties: { answer: { type: "string" as const } },
  required: ["answer"],
};

export function createInputUpstream(): McpServer {
  const server = new McpServer({ name: "asker", version: "1.0.0" });
  const sdk = server.server;
  server.registerTool(
    "confirm",
    { description: "Asks the user a question (form elicitation)", inputSchema: { question: z.string() } },
    async ({ question }, extra) => {
      // Counted when the gateway cancels the call (notifications/cancelled) while the user thinks.
      extra.signal.addEventListener("abort", () => void stats.cancelled++, { once: true });
      const result = await sdk.elicitInput(
        { mode: "form", message: question, requestedSchema: FORM },
        { relatedRequestId: extra.requestId },
      );
      return text(result);
    },
  );
  server.registerTool(
    "confirm_with_progress",
    { description: "Reports progress, asks the user a question, reports progress again, then answers" },
    async (extra) => {
      const token = extra._meta?.progressToken;
      const progress = (value: number) =>
        token === undefined
          ? Promise.resolve()
          : extra.sendNotification({
              method: "notifications/progress",
              params: { progressToken: token, progress: value },
            });
      await progress(1);
      const result = await sdk.elicitInput(
        { mode: "form", message: "go on?", requestedSchema: FORM },
        { relatedRequestId: extra.requestId },
      );
      await progress(2);
      return text(result);
    },
  );
  server.registerTool(
    "open_link",
    { description: "Asks the user to visit a URL (URL-mode elicitation)", inputSchema: { url: z.string() } },
    async ({ url }, extra) => {
      const result = await sdk.elicitInput(
        { mode: "url", message: "Please sign in", url, elicitationId: randomUUID() },
        { relatedRequestId: extra.requestId },
      );
      return text(result);
    },
  );
  server.registerTool(
    "ask_model",
    { description: "Asks the client's model (sampling)", inputSchema: { prompt: z.string() } },
    async ({ prompt }, extra) => {
      const result = await sdk.createMessage(
        { messages: [{ role: "user", content: { type: "text", text: prompt } }], maxTokens: 50 },
        { relatedRequestId: extra.requestId },
      );
      return text(result.content.type === "text" ? result.content.text : result.content);
    },
  );
  server.registerTool("roots", { description: "The client's roots" }, async (extra) =>
    text(await sdk.listRoots(undefined, { relatedRequestId: extra.requestId })),
  );
  server.registerTool(
    "two_questions",
    { description: "Two elicitations at once, then one sampling: several rounds" },
    async (extra) => {
      const ask = (message: string) =>
        sdk.elicitInput({ mode: "form", message, requestedSchema: FORM }, { relatedRequestId: extra.requestId });
      const [first, second] = await Promise.all([ask("first?"), ask("second?")]);
      const sampled = await sdk.createMessage(
        { messages: [{ role: "user", content: { type: "text", text: "third" } }], maxTokens: 10 },
        { relatedRequestId: extra.requestId },
      );
      return text({ first: first.content, second: second.content, model: sampled.model });
    },
  );
  server.registerTool("stats", { description: "What this process has seen" }, async () =>
    text({ ...stats, pid: process.pid }),
  );
  return server;
}

/** Streamable HTTP on 127.0.0.1 (random port), one McpServer per upstream session. */
export function serveInputUpstream() {
  const http = serveMcpHttp(createInputUpstream, { onSession: () => void stats.sessions++ });
  return { url: http.url, stats, stop: http.stop };
}

if (import.meta.main) await createInputUpstream().connect(new StdioServerTransport());
