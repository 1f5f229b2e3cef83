// Shared test setup: real PostgreSQL (DATABASE_URL, default the local test database), real gateway
// listening on a random port, real demo MCP servers, real SDK clients. Every tenant gets unique slugs
// so suites can run repeatedly and in parallel.
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { generateApiKey } from "@omnimesh/db/api-key";
import { encryptRecord } from "@omnimesh/db/crypto";
import pg from "pg";
import { createApp } from "../app.ts";
import { createDataplane, type Dataplane, type DataplaneOptions } from "../dataplane.ts";
import { parseEnv, type TEnv } from "../env.ts";

export const TEST_DATABASE_URL =
  process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/omnimesh_dataplane_test";
export const DEMO_SERVER_PATH = join(import.meta.dir, "..", "demo", "demo-server.ts");

export function testEnv(overrides: Record<string, string | undefined> = {}): TEnv {
  return parseEnv({
    DATABASE_URL: TEST_DATABASE_URL,
    OMNIMESH_ENCRYPTION_KEY: "dataplane-test-encryption-key-0123456789",
    OMNIMESH_TOKEN_PEPPER: "dataplane-test-pepper-0123456789",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    DATAPLANE_PORT: "0",
    // The test database holds every earlier run's servers: suites sweep their own org on demand.
    DISCOVERY_INTERVAL_MS: "0",
    ...overrides,
  });
}

export function testPool(): pg.Pool {
  return new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 3 });
}

export interface ServerSpec {
  name: string;
  transport: "stdio" | "streamable-http" | "sse" | "websocket";
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  url?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  isolated?: boolean;
}

export interface KeySpec {
  scopes?: string[];
  namespaceIds?: string[];
}

export interface Tenant {
  orgId: string;
  orgSlug: string;
  namespaceId: string;
  namespaceSlug: string;
  serverIds: Record<string, string>;
}

const suffix = () => randomUUID().slice(0, 8);

/** The demo server as a stdio child; `protocol` adds its protocol tools (sampling, elicitation, roots, …). */
export function demoStdioServer(name = "demo", options: { protocol?: boolean } = {}): ServerSpec {
  const args = options.protocol ? [DEMO_SERVER_PATH, "--protocol"] : [DEMO_SERVER_PATH];
  return { name, transport: "stdio", command: process.execPath, args };
}

export async function createTenant(pool: pg.Pool, env: TEnv, servers: ServerSpec[]): Promise<Tenant> {
  const orgId = randomUUID();
  const orgSlug = `dp-test-${suffix()}`;
  const namespaceId = randomUUID();
  const namespaceSlug = `ns-${suffix()}`;
  await pool.query(`insert into organizations (id, name, slug, updated_at) values ($1, $2, $3, now())`, [
    orgId,
    orgSlug,
    orgSlug,
  ]);
  await pool.query(`insert into namespaces (id, org_id, name, slug, updated_at) values ($1, $2, $3, $4, now())`, [
    namespaceId,
    orgId,
    namespaceSlug,
    namespaceSlug,
  ]);
  const serverIds: Record<string, string> = {};
  for (const server of servers) serverIds[server.name] = await addServer(pool, env, { orgId, namespaceId }, server);
  return { orgId, orgSlug, namespaceId, namespaceSlug, serverIds };
}

export async function addServer(
  pool: pg.Pool,
  env: TEnv,
  tenant: { orgId: string; namespaceId: string },
  server: ServerSpec,
): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `insert into mcp_servers (id, org_id, namespace_id, name, transport, command, args, env_encrypted, url,
       headers_encrypted, timeout_ms, isolated, updated_at)
     values ($1, $2, $3, $4, $5::"Transport", $6, $7, $8, $9, $10, $11, $12, now())`,
    [
      id,
      tenant.orgId,
      tenant.namespaceId,
      server.name,
      server.transport,
      server.command ?? null,
      server.args ?? [],
      encryptRecord(server.env, env.OMNIMESH_ENCRYPTION_KEY),
      server.url ?? null,
      encryptRecord(server.headers, env.OMNIMESH_ENCRYPTION_KEY),
      server.timeoutMs ?? 30_000,
      server.isolated ?? false,
    ],
  );
  return id;
}

export interface ApiKey {
  id: string;
  key: string;
  prefix: string;
}

export async function createApiKey(pool: pg.Pool, env: TEnv, orgId: string, spec: KeySpec = {}): Promise<ApiKey> {
  const generated = generateApiKey(env.OMNIMESH_TOKEN_PEPPER);
  const id = randomUUID();
  await pool.query(
    `insert into api_keys (id, org_id, name, prefix, key_hash, scopes, namespace_ids, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, now())`,
    [id, orgId, "test key", generated.prefix, generated.hash, spec.scopes ?? ["mcp:full"], spec.namespaceIds ?? []],
  );
  return { id, key: generated.key, prefix: generated.prefix };
}

export interface Gateway {
  url: string;
  dataplane: Dataplane;
  endpoint(tenant: Pick<Tenant, "orgSlug" | "namespaceSlug">): string;
  /** The per-server endpoint /servers/:serverId/mcp. */
  serverEndpoint(serverId: string): string;
  stop(): Promise<void>;
}

export async function startGateway(
  env = testEnv(),
  options: DataplaneOptions = {},
  /** Bun's idle timeout in seconds (index.ts listens with 60). */
  idleTimeout = 60,
): Promise<Gateway> {
  const dataplane = createDataplane(env, { logWriter: { flushIntervalMs: 50 }, ...options });
  dataplane.start();
  await dataplane.listener.ready();
  const app = createApp(dataplane).listen({ port: 0, hostname: "127.0.0.1", idleTimeout });
  const url = `http://127.0.0.1:${app.server!.port}`;
  return {
    url,
    dataplane,
    endpoint: (tenant) => `${url}/ns/${tenant.orgSlug}/${tenant.namespaceSlug}/mcp`,
    serverEndpoint: (serverId) => `${url}/servers/${serverId}/mcp`,
    async stop() {
      await app.stop(true).catch(() => {});
      await dataplane.stop();
    },
  };
}

export interface ClientOptions {
  /** clientInfo.name (default "dataplane-test"). */
  name?: string;
  capabilities?: ClientCapabilities;
}

export async function connectClient(endpoint: string, key: string, options: ClientOptions = {}): Promise<Client> {
  const client = new Client(
    { name: options.name ?? "dataplane-test", version: "1.0.0" },
    { capabilities: options.capabilities ?? {} },
  );
  await client.connect(
    new StreamableHTTPClientTransport(new URL(endpoint), {
      requestInit: { headers: { Authorization: `Bearer ${key}` } },
    }),
  );
  return client;
}

/** Polls until `check` returns a value (not undefined/false) or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Raw JSON-RPC POST to the endpoint, for status-code assertions the SDK client hides. */
export function postJson(endpoint: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify(body),
  });
}

export const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};
