// The set-up most integration suites share: a real gateway on a random port, one tenant with the
// suite's servers and an API key, SDK clients closed at the end — as one call that registers its own
// beforeAll/afterAll in the surrounding scope (the file, or the describe it is called in).
import { afterAll, beforeAll } from "bun:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type pg from "pg";
import type { DataplaneOptions } from "../dataplane.ts";
import type { TEnv } from "../env.ts";
import {
  type ApiKey,
  type ClientOptions,
  connectClient,
  createApiKey,
  createTenant,
  type Gateway,
  type KeySpec,
  type ServerSpec,
  startGateway,
  type Tenant,
  testEnv,
  testPool,
} from "./fixtures.ts";

export interface GatewaySuiteOptions {
  /**
   * The servers of the suite's tenant; without it the suite makes no tenant (nor key). A function runs
   * inside beforeAll, after the gateway started: the place to start upstreams the servers point at.
   */
  servers?: ServerSpec[] | (() => ServerSpec[] | Promise<ServerSpec[]>);
  /** The tenant's API key (default scopes mcp:full); false for none. */
  key?: KeySpec | false;
  /** Overrides of testEnv(). */
  env?: Record<string, string | undefined>;
  dataplane?: DataplaneOptions;
  /** Bun's idle timeout of the gateway's listener, in seconds (default 60, as index.ts). */
  idleTimeout?: number;
}

export interface ConnectOptions extends ClientOptions {
  endpoint?: string;
  key?: string;
}

export interface GatewaySuite {
  readonly env: TEnv;
  readonly pool: pg.Pool;
  /** The following are filled in by beforeAll: read them inside tests and hooks only. */
  readonly gateway: Gateway;
  readonly tenant: Tenant;
  readonly key: ApiKey;
  /** `{ authorization: "Bearer <the tenant's key>" }`, for raw requests. */
  readonly auth: Record<string, string>;
  /** The tenant's namespace endpoint (`…/ns/:org/:namespace/mcp`). */
  readonly endpoint: string;
  /** Base URL of the tenant's namespace: `${ns}/sse`, `${ns}/rpc`, … */
  readonly ns: string;
  /** The per-server endpoint of the tenant's server named `name`. */
  serverEndpoint(name: string): string;
  /** Another org with a namespace holding `servers` (an org of its own, for isolation and counts). */
  createTenant(servers: ServerSpec[]): Promise<Tenant>;
  /** Another API key: of the suite's tenant unless `orgId` says otherwise. */
  createKey(spec?: KeySpec & { orgId?: string }): Promise<ApiKey>;
  /** A real SDK client over Streamable HTTP (default: the tenant's endpoint and key), closed when the suite ends. */
  connect(options?: ConnectOptions): Promise<Client>;
  /** Runs when the suite ends, after the gateway stopped and before the pool closes (upstreams, rows to remove). */
  onStop(stop: () => unknown): void;
}

/** Registers beforeAll/afterAll for a gateway suite and returns its parts, filled in once beforeAll ran. */
export function gatewaySuite(options: GatewaySuiteOptions = {}): GatewaySuite {
  const env = testEnv(options.env);
  const pool = testPool();
  const clients: Client[] = [];
  const stops: (() => unknown)[] = [];
  let gateway: Gateway | undefined;
  let tenant: Tenant | undefined;
  let key: ApiKey | undefined;

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`gatewaySuite: no ${what} (not started yet, or not asked for)`);
    return value;
  };

  const suite: GatewaySuite = {
    env,
    pool,
    get gateway() {
      return ready(gateway, "gateway");
    },
    get tenant() {
      return ready(tenant, "tenant");
    },
    get key() {
      return ready(key, "API key");
    },
    get auth() {
      return { authorization: `Bearer ${suite.key.key}` };
    },
    get endpoint() {
      return suite.gateway.endpoint(suite.tenant);
    },
    get ns() {
      return `${suite.gateway.url}/ns/${suite.tenant.orgSlug}/${suite.tenant.namespaceSlug}`;
    },
    serverEndpoint(name) {
      return suite.gateway.serverEndpoint(ready(suite.tenant.serverIds[name], `server "${name}"`));
    },
    createTenant(servers) {
      return createTenant(pool, env, servers);
    },
    createKey({ orgId = suite.tenant.orgId, ...spec } = {}) {
      return createApiKey(pool, env, orgId, spec);
    },
    async connect({ endpoint = suite.endpoint, key: apiKey = suite.key.key, ...clientOptions } = {}) {
      const client = await connectClient(endpoint, apiKey, clientOptions);
      clients.push(client);
      return client;
    },
    onStop(stop) {
      stops.push(stop);
    },
  };

  beforeAll(async () => {
    gateway = await startGateway(env, options.dataplane, options.idleTimeout);
    if (!options.servers) return;
    const servers = typeof options.servers === "function" ? await options.servers() : options.servers;
    tenant = await createTenant(pool, env, servers);
    if (options.key !== false) key = await createApiKey(pool, env, tenant.orgId, options.key);
  }, 30_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => {})));
    await gateway?.stop();
    for (const stop of stops) await stop();
    await pool.end();
  });

  return suite;
}
