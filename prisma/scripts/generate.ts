// `prisma generate` offline: the Prisma 7 CLI only checks that a schema engine exists, it never runs
// it for generate, so pointing PRISMA_SCHEMA_ENGINE_BINARY at any file skips the download.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const cwd = fileURLToPath(new URL("..", import.meta.url));
const cli = fileURLToPath(import.meta.resolve("prisma/build/index.js"));
const result = spawnSync(process.execPath, [cli, "generate", "--no-hints"], {
  cwd,
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
process.exit(result.status ?? 1);
