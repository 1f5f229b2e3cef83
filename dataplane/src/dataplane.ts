// Builds every long-lived part of the data plane from the environment and wires change
// notifications to the caches. `createApp` (app.ts) turns it into HTTP routes; index.ts listens.
import type { ChangeEvent } from "@omnimesh/db/changes";
import { ChangeListener } from "./db/change-listener.ts";
import { createPool, type DbPool } from "./db/pool.ts";
import type { TEnv } from "./env.ts";
import { createLogger, type Logger } from "./lib/logger.ts";
import { NamespaceAggregator } from "./mcp/aggregator.ts";
import { composeChain, type McpLink } from "./mcp/chain.ts";
import { ChannelPool } from "./mcp/fast-lane/channel-pool.ts";
import { FastLane } from "./mcp/fast-lane/fast-lane.ts";
import { createSessionLessForward } from "./mcp/fast-lane/session-less.ts";
import { createLogLink } from "./mcp/links/log-link.ts";
import { createPolicyLink } from "./mcp/links/policy-link.ts";
import { createRateLimitLink } from "./mcp/links/rate-limit-link.ts";
import { scopeLink } from "./mcp/links/scope-link.ts";
import { createVisibility } from "./mcp/links/visibility.ts";
import { SessionManager } from "./mcp/session-manager.ts";
import { StatelessCallLogs } from "./mcp/stateless/call-logs.ts";
import { InputRequiredCalls } from "./mcp/stateless/input-required-calls.ts";
import { StatelessListeners } from "./mcp/stateless/listeners.ts";
import { StatelessDispatcher } from "./mcp/stateless-dispatcher.ts";
import { UpstreamPool } from "./mcp/upstreams/upstream-pool.ts";
import { LastUsedTracker } from "./modules/auth/last-used.ts";
import { ApiKeyAuthenticator } from "./modules/auth/service.ts";
import { DiscoveryService } from "./modules/discovery/service.ts";
import { allowedOriginsOf } from "./modules/mcp/origins.ts";
import { McpHttpService } from "./modules/mcp/service.ts";
import { RulesDirectory } from "./modules/policies/service.ts";
import type { RateLimiter } from "./modules/rate-limits/model.ts";
import { createRateLimiter } from "./modules/rate-limits/service.ts";
import { RequestLogWriter, type RequestLogWriterOptions } from "./modules/request-logs/service.ts";
import { NamespaceDirectory } from "./modules/routing/service.ts";
import { SessionRowWriter, type SessionRowWriterOptions } from "./modules/sessions/service.ts";

export interface DataplaneOptions {
  /** false serves every message through the SDK server (default: env OMNIMESH_FAST_LANE). */
  fastLane?: boolean;
  /** TTL safety net for cached keys, routes and rules (notifications do the real invalidation). */
  cacheTtlMs?: number;
  logWriter?: RequestLogWriterOptions;
  sessionRows?: SessionRowWriterOptions;
  /** Items per page of aggregated lists (tools/list, …). */
  listPageSize?: number;
  logger?: Logger;
  rateLimiter?: RateLimiter;
}

export type Dataplane = Awaited<ReturnType<typeof createDataplane>>;

export function createDataplane(env: TEnv, options: DataplaneOptions = {}) {
  const logger = options.logger ?? createLogger(env.LOG_LEVEL, { service: "dataplane" });
  const pool: DbPool = createPool(env.DATABASE_URL);
  const cacheTtlMs = options.cacheTtlMs ?? 60_000;
  // While LISTEN is down, notifications are lost: then cached entries are never served past their TTL.
  let listener: ChangeListener | null = null;
  const strict = () => !listener?.connected;
  const auth = new ApiKeyAuthenticator(pool, env.OMNIMESH_TOKEN_PEPPER, { ttlMs: cacheTtlMs, strict });
  const directory = new NamespaceDirectory(pool, env.OMNIMESH_ENCRYPTION_KEY, {
    ttlMs: cacheTtlMs,
    strict,
    defaultTimeoutMs: env.UPSTREAM_TIMEOUT_MS,
  });
  const rules = new RulesDirectory(pool, { ttlMs: cacheTtlMs, strict });
  // Connection failures and recoveries during real traffic go to discovery (defined below), debounced.
  const upstreams = new UpstreamPool({
    stdioCwd: env.OMNIMESH_STDIO_CWD,
    logger,
    onHealth: (connection, error) => discovery.onUpstreamHealth(connection, error),
  });
  const logs = new RequestLogWriter(pool, logger, options.logWriter);
  const sessionRows = new SessionRowWriter(pool, logger, options.sessionRows);
  const lastUsed = new LastUsedTracker(pool, logger);
  const rateLimiter = options.rateLimiter ?? createRateLimiter(env);
  const channels = new ChannelPool({ upstreams, logger });

  const onChange = (event: ChangeEvent) => {
    switch (event.table) {
      case "api_keys":
        auth.invalidateKey(event.id);
        break;
      case "signing_keys":
        auth.jwt.invalidate();
        break;
      case "memberships":
        // A removed member or changed role voids the user's access JWTs for that org (their role claim
        // is stale). The payload names the user; a notification without one voids the whole org's tokens.
        if (event.op !== "INSERT" && event.org_id) auth.revokeMember(event.org_id, event.user_id ?? null);
        break;
      case "organizations":
        directory.invalidateOrg(event.org_id ?? event.id);
        mcp.roots.invalidate();
        rules.invalidateOrg(event.org_id ?? event.id);
        break;
      case "namespaces":
        directory.invalidateOrg(event.org_id);
        mcp.roots.invalidate();
        break;
      case "mcp_servers":
        directory.invalidateOrg(event.org_id);
        if (event.op === "DELETE" && event.id) {
          void upstreams.closeServer(event.id);
          void channels.closeServer(event.id);
        }
        break;
      case "virtual_servers":
        directory.invalidateOrg(event.org_id);
        break;
      case "virtual_server_entries":
        directory.invalidateVirtual(event.parent_id);
        break;
      case "policies":
      case "rate_limits":
        rules.invalidateOrg(event.org_id);
        break;
    }
  };
  const resetCaches = () => {
    auth.clear();
    directory.invalidateOrg(null);
    rules.invalidateOrg(null);
    mcp.roots.invalidate();
  };
  listener = new ChangeListener({ databaseUrl: env.DATABASE_URL, logger, onChange, onReset: resetCaches });

  // Log first so it records the outcome of every later link, denials included.
  const links: McpLink[] = [
    createLogLink(logs),
    scopeLink,
    createPolicyLink(rules),
    createRateLimitLink(rules, rateLimiter),
  ];
  const aggregator = new NamespaceAggregator(upstreams, logger, options.listPageSize);
  // One composed chain for every transport: sessions and the session-less dispatcher share it.
  const runChain = composeChain(links);
  const visibility = createVisibility(rules);
  const sessions = new SessionManager({
    aggregator,
    upstreams,
    logger,
    runChain,
    visibility,
    sessionRows,
  });
  // Stateless (2026-07-28) clients answer upstreams' sampling/elicitation/roots through input_required.
  const inputRequired = new InputRequiredCalls({ aggregator, upstreams, ttlMs: env.OMNIMESH_INPUT_REQUIRED_TTL_MS });
  sessions.router.stateless = inputRequired;
  // Stateless (2026-07-28) requests that ask for log messages get the upstream's on their own stream.
  const callLogs = new StatelessCallLogs();
  sessions.router.callLogs = callLogs;
  const fastLane =
    (options.fastLane ?? env.OMNIMESH_FAST_LANE)
      ? new FastLane({ aggregator, channels, runChain, sessionRows, streamAfterMs: env.OMNIMESH_SSE_KEEPALIVE_MS })
      : null;
  // After the SessionManager: it wraps the session router installed on upstreams.events.
  const listeners = new StatelessListeners(aggregator, upstreams, logger);
  const dispatcher = new StatelessDispatcher({
    aggregator,
    runChain,
    visibility,
    forward: fastLane ? createSessionLessForward({ aggregator, channels, onServed: () => fastLane.served++ }) : null,
    listeners,
    inputRequired,
    callLogs,
  });
  const mcp = new McpHttpService({
    auth,
    directory,
    sessions,
    dispatcher,
    lastUsed,
    logs,
    logger,
    pool,
    allowedOrigins: allowedOriginsOf(env),
    cache: { ttlMs: cacheTtlMs, strict },
    fastLane,
    sse: { keepAliveMs: env.OMNIMESH_SSE_KEEPALIVE_MS },
    sseKeepAliveMs: env.OMNIMESH_SSE_KEEPALIVE_MS,
  });
  const discovery = new DiscoveryService(
    {
      pool,
      upstreams,
      toConfig: (row) => directory.toConfig(row),
      upstreamDeps: { stdioCwd: env.OMNIMESH_STDIO_CWD, logger },
      logger,
    },
    { intervalMs: env.DISCOVERY_INTERVAL_MS, startIdle: env.DISCOVERY_START_IDLE },
  );
  const startedAt = Date.now();

  return {
    env,
    logger,
    pool,
    auth,
    directory,
    rules,
    upstreams,
    channels,
    fastLane,
    logs,
    sessionRows,
    aggregator,
    inputRequired,
    callLogs,
    listeners,
    lastUsed,
    listener,
    rateLimiter,
    sessions,
    mcp,
    discovery,
    startedAt,
    start() {
      listener?.start();
      logs.start();
      sessionRows.start();
      lastUsed.start();
      discovery.start();
    },
    /** Graceful stop: sessions and child processes first, then the buffered writes, then the pool. */
    async stop() {
      await discovery.stop();
      await sessions.closeAll();
      await channels.closeAll();
      await upstreams.closeAll();
      await discovery.settled();
      await listener?.stop();
      await logs.stop();
      await sessionRows.stop();
      await lastUsed.stop();
      await rateLimiter.close?.();
      await pool.end().catch(() => {});
    },
  };
}
