// A real SDK v1 server over Streamable HTTP (one McpServer per upstream session, as SDK deployments do)
// for the stateless log tests: it records every logging/setLevel by upstream session and filters its
// own messages by the level its session set, as a server honouring setLevel does.
//   log_all          one message at every level (debug … emergency), data = the level
//   sample_then_log  asks the client's model (sampling), then logs "after sampling" (info) and answers

import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  CreateMessageResultSchema,
  type LoggingLevel,
  LoggingLevelSchema,
  SetLevelRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { serveMcpHttp } from "./serve-mcp-http.ts";

const LEVELS = LoggingLevelSchema.options;

export interface LogUpstream {
  port: number;
  /** logging/setLevel requests received: [upstream session id, level]. */
  levels: [string, LoggingLevel][];
  stop(): void;
}

export function serveLogUpstream(): LogUpstream {
  const levels: [string, LoggingLevel][] = [];
  const bySession = new Map<string, LoggingLevel>();
  const createServer = () => {
    const server = new McpServer({ name: "log-upstream", version: "1.0.0" }, { capabilities: { logging: {} } });
    server.server.setRequestHandler(SetLevelRequestSchema, async (request, extra) => {
      levels.push([extra.sessionId ?? "", request.params.level]);
      bySession.set(extra.sessionId ?? "", request.params.level);
      return {};
    });
    // Related to the call (its own response stream), as a tool's log messages usually are.
    type Extra = { sessionId?: string; sendNotification: (n: never) => Promise<void> };
    const log = (extra: Extra, level: LoggingLevel, data: string) => {
      const threshold = bySession.get(extra.sessionId ?? "");
      if (threshold && LEVELS.indexOf(level) < LEVELS.indexOf(threshold)) return Promise.resolve();
      return extra.sendNotification({
        method: "notifications/message",
        params: { level, logger: "up", data },
      } as never);
    };
    server.registerTool("log_all", { description: "Logs at every level" }, async (extra) => {
      for (const level of LEVELS) await log(extra, level, level);
      return { content: [{ type: "text", text: "logged" }] };
    });
    server.registerTool("sample_then_log", { description: "Sampling, then a log message" }, async (extra) => {
      await extra.sendRequest(
        {
          method: "sampling/createMessage",
          params: { messages: [{ role: "user", content: { type: "text", text: "q" } }], maxTokens: 10 },
        },
        CreateMessageResultSchema,
      );
      await log(extra, "info", "after sampling");
      return { content: [{ type: "text", text: "sampled" }] };
    });
    return server;
  };
  const http = serveMcpHttp(createServer);
  return { port: http.port, levels, stop: http.stop };
}
