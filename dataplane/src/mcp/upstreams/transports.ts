// Builds the client transport for a server row: Streamable HTTP, legacy SSE and WebSocket use the
// SDK's clients; stdio uses our process-group transport (stdio-process.ts) so stopping a server also
// stops everything it started. Stdio children get a clean environment: a few harmless basics plus the
// server's own (decrypted) variables, never the gateway's secrets.
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { WebSocketClientTransport } from "@modelcontextprotocol/sdk/client/websocket.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { AppError } from "../../lib/app-error.ts";
import type { ServerConfig } from "../../modules/routing/model.ts";
import type { StderrRing } from "./stderr-ring.ts";
import { ProcessGroupStdioTransport, type ProcessRecord } from "./stdio-process.ts";
import { HeaderWebSocketClientTransport } from "./websocket-transport.ts";

const INHERITED_ENV = [
  "PATH",
  "HOME",
  "LANG",
  "LC_ALL",
  "LC_CTYPE",
  "TZ",
  "TMPDIR",
  "USER",
  "LOGNAME",
  "SHELL",
  "TERM",
];

export function stdioEnvironment(own: Record<string, string>, source = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = source[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...own };
}

export interface TransportOptions {
  stdioCwd: string;
  stderr: StderrRing;
  /** Filled in by stdio transports: pid, start time, exit, spawn count (operator endpoints). */
  process?: ProcessRecord;
}

function requireUrl(config: ServerConfig): URL {
  if (!config.url) throw new AppError("UPSTREAM_UNAVAILABLE", `Upstream server "${config.name}" has no URL`);
  try {
    return new URL(config.url);
  } catch {
    throw new AppError("UPSTREAM_UNAVAILABLE", `Upstream server "${config.name}" has an invalid URL`);
  }
}

export function createUpstreamTransport(config: ServerConfig, options: TransportOptions): Transport {
  switch (config.transport) {
    case "stdio": {
      if (!config.command)
        throw new AppError("UPSTREAM_UNAVAILABLE", `Upstream server "${config.name}" has no command`);
      return new ProcessGroupStdioTransport({
        command: config.command,
        args: config.args,
        env: stdioEnvironment(config.env),
        cwd: options.stdioCwd,
        stderr: options.stderr,
        record: options.process,
      });
    }
    case "streamable-http":
      return new StreamableHTTPClientTransport(requireUrl(config), { requestInit: { headers: config.headers } });
    case "sse":
      // requestInit headers go on both the event-stream GET and every message POST.
      return new SSEClientTransport(requireUrl(config), { requestInit: { headers: config.headers } });
    case "websocket": {
      const url = requireUrl(config);
      return Object.keys(config.headers).length > 0
        ? new HeaderWebSocketClientTransport(url, config.headers)
        : new WebSocketClientTransport(url);
    }
    default:
      throw new AppError(
        "UPSTREAM_UNAVAILABLE",
        `Upstream server "${config.name}" uses transport "${String((config as ServerConfig).transport)}", which this data plane does not support`,
      );
  }
}
