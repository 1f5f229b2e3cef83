// The stack the Playwright tests run against (started by playwright.config.ts's webServer): the
// production build of the web app and the data plane, on their own ports, on DATABASE_URL (the
// test runner's fresh database) or an embedded PostgreSQL. Set E2E_REUSE_BUILD=1 to skip next build.
import { join } from "node:path";
import { migrate, openDatabase, repoRoot } from "./lib/database.ts";
import { stopChildren } from "./lib/processes.ts";
import { loadSecrets } from "./lib/secrets.ts";
import { startStack } from "./lib/stack.ts";

const webPort = Number(process.env.E2E_WEB_PORT ?? 3100);
const dataplanePort = Number(process.env.E2E_DATAPLANE_PORT ?? 4100);
const database = await openDatabase({
  dataDir: join(repoRoot, ".omnimesh", "pg-e2e"),
  preferredPort: 54340,
  database: "omnimesh_e2e",
});
const shutdown = async () => {
  await stopChildren();
  await database.embedded?.stop();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());

migrate(database.url);
const stack = await startStack({
  databaseUrl: database.url,
  secrets: loadSecrets(join(repoRoot, ".omnimesh", "secrets.json")),
  webPort,
  dataplanePort,
  rebuild: process.env.E2E_REUSE_BUILD !== "1",
  // Sweep often so a registered server shows its health within seconds (e2e/server-health.spec.ts).
  extraEnv: { OMNIMESH_ALLOW_DEV_SECRETS: "1", DISCOVERY_INTERVAL_MS: "2000" },
});
console.log(`e2e stack ready: ${stack.webUrl} ${stack.dataplaneUrl}`);
await Promise.race(stack.children.map((child) => child.proc.exited));
await shutdown();
