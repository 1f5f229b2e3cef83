// Builds the SDK client transport for a server row. Stdio children get a clean environment: a few
// harmless basics plus the server's own (decrypted) variables, never the gateway's secrets.
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { AppError } from "../../lib/app-error.ts";
import type { ServerConfig } from "../../modules/routing/model.ts";
import type { StderrRing } from "./stderr-ring.ts";

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
}

export function createUpstreamTransport(config: ServerConfig, options: TransportOptions): Transport {
  if (config.transport === "stdio") {
    if (!config.command) throw new AppError("UPSTREAM_UNAVAILABLE", `Upstream server "${config.name}" has no command`);
    const transport = new StdioClientTransport({
      command: config.command,
      args: config.args,
      env: stdioEnvironment(config.env),
      cwd: options.stdioCwd,
      stderr: "pipe",
    });
    transport.stderr?.on("data", (chunk: Buffer) => options.stderr.append(chunk));
    return transport;
  }
  if (config.transport === "streamable-http") {
    if (!config.url) throw new AppError("UPSTREAM_UNAVAILABLE", `Upstream server "${config.name}" has no URL`);
    return new StreamableHTTPClientTransport(new URL(config.url), { requestInit: { headers: config.headers } });
  }
  throw new AppError(
    "UPSTREAM_UNAVAILABLE",
    `Upstream server "${config.name}" uses transport "${config.transport}", which this data plane does not support yet`,
  );
}
