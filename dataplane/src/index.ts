// Entry point: validate the environment, start the data plane, listen, and shut down gracefully
// (close sessions and child processes, flush request logs) on SIGINT/SIGTERM.
import { createApp } from "./app.ts";
import { createDataplane } from "./dataplane.ts";
import { parseEnv } from "./env.ts";

let env: ReturnType<typeof parseEnv>;
try {
  env = parseEnv(process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const dataplane = createDataplane(env);
dataplane.start();
const app = createApp(dataplane).listen({
  port: env.DATAPLANE_PORT,
  hostname: env.DATAPLANE_HOST,
  // Bun closes idle connections after 10 s by default. Event-stream responses switch the timeout off for
  // their request (modules/mcp/index.ts: Bun would close them mid-stream) and send keepalive comments.
  idleTimeout: 60,
});
dataplane.logger.info("data plane listening", {
  url: `http://${env.DATAPLANE_HOST}:${app.server?.port}`,
  rateLimiter: dataplane.rateLimiter.kind,
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  dataplane.logger.info("shutting down", { signal });
  const force = setTimeout(() => process.exit(1), 10_000);
  await app.stop().catch(() => {});
  await dataplane.stop();
  clearTimeout(force);
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
