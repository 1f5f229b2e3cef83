// `npm start`: the whole product on one machine. With DATABASE_URL unset it runs an embedded
// PostgreSQL (data in .omnimesh/pg); with REDIS_URL unset rate limits are kept in memory.
// Flags: --dev (next dev), --rebuild (rebuild the web app), --no-seed.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createPrismaClient } from "@omnimesh/db/client";
import { type DemoCredentials, seedDemo } from "@omnimesh/db/seed";
import { migrate, openDatabase, repoRoot } from "./lib/database.ts";
import { stopChildren } from "./lib/processes.ts";
import { loadSecrets } from "./lib/secrets.ts";
import { startStack } from "./lib/stack.ts";

const args = new Set(process.argv.slice(2));
const stateDir = join(repoRoot, ".omnimesh");
const webPort = Number(process.env.WEB_PORT ?? 3000);
const dataplanePort = Number(process.env.DATAPLANE_PORT ?? 4000);

const secrets = loadSecrets(join(stateDir, "secrets.json"));
const database = await openDatabase({ dataDir: join(stateDir, "pg"), preferredPort: 54320, database: "omnimesh" });
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  console.log("\n[omnimesh] stopping…");
  await stopChildren();
  await database.embedded?.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  console.log(`[omnimesh] database: ${database.embedded ? `embedded PostgreSQL (${database.url})` : "DATABASE_URL"}`);
  migrate(database.url);
  console.log("[omnimesh] migrations applied");
  let demo: DemoCredentials | null = null;
  if (!args.has("--no-seed") && process.env.NODE_ENV !== "production") {
    const credentialsFile = join(stateDir, "demo-credentials.json");
    const previous = existsSync(credentialsFile) ? JSON.parse(readFileSync(credentialsFile, "utf8")) : undefined;
    const prisma = createPrismaClient(database.url, { max: 2 });
    demo = await seedDemo(prisma, {
      tokenPepper: secrets.OMNIMESH_TOKEN_PEPPER,
      runtimePath: process.execPath,
      demoServerPath: join(repoRoot, "dataplane", "src", "demo", "demo-server.ts"),
      previous,
    });
    await prisma.$disconnect();
    writeFileSync(credentialsFile, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
  }
  const stack = await startStack({
    databaseUrl: database.url,
    secrets,
    webPort,
    dataplanePort,
    dev: args.has("--dev"),
    rebuild: args.has("--rebuild"),
  });
  const endpoint = demo ? `${stack.dataplaneUrl}/ns/${demo.orgSlug}/${demo.namespaceSlug}/mcp` : null;
  console.log(`
  Omnimesh is running
    web app     ${stack.webUrl}
    data plane  ${stack.dataplaneUrl}${
      demo
        ? `
    demo login  ${demo.email} / ${demo.password}
    demo MCP    ${endpoint}
    demo key    ${demo.apiKey}
    try it      npx @modelcontextprotocol/inspector --transport http --server-url ${endpoint} --header "Authorization: Bearer ${demo.apiKey}"`
        : ""
    }
  Ctrl-C stops everything.
`);
  await Promise.race(stack.children.map((child) => child.proc.exited));
  console.error("[omnimesh] a process exited; stopping the rest");
  await shutdown(1);
} catch (error) {
  console.error("[omnimesh] start failed:", error instanceof Error ? error.message : error);
  await shutdown(1);
}
