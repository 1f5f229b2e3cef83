#!/usr/bin/env node
// Entry point of `npm start` / `npm test` on a machine that has only Node and npm: it brings Bun
// (from the npm registry) and the workspace dependencies, then hands over to the Bun scripts.
// Plain Node and no dependencies on purpose: nothing is installed yet when it runs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const BUN_VERSION = "1.4.5";
const toolsDir = join(root, ".omnimesh", "tools");

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function bunOnPath() {
  const found = spawnSync("bun", ["--version"], { encoding: "utf8" });
  return found.status === 0 ? "bun" : null;
}

function ensureBun() {
  const onPath = bunOnPath();
  if (onPath) return onPath;
  const local = join(toolsDir, "node_modules", ".bin", "bun");
  if (existsSync(local)) return local;
  console.log(`[omnimesh] installing Bun ${BUN_VERSION} from the npm registry into .omnimesh/tools`);
  mkdirSync(toolsDir, { recursive: true });
  if (!existsSync(join(toolsDir, "package.json"))) writeFileSync(join(toolsDir, "package.json"), "{}\n");
  const status = run("npm", ["install", "--prefix", toolsDir, "--no-audit", "--no-fund", `bun@${BUN_VERSION}`]);
  if (status !== 0 || !existsSync(local)) throw new Error("could not install Bun from the npm registry");
  return local;
}

/** Installs workspace dependencies when node_modules is missing or older than the lockfile. */
function ensureDependencies(bun, env) {
  const marker = join(root, "node_modules", ".omnimesh-installed");
  const lock = join(root, "bun.lock");
  const fresh = existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh && readFileSync(marker, "utf8") === readFileSync(lock, "utf8").length.toString()) return;
  console.log("[omnimesh] installing dependencies (bun install --frozen-lockfile)");
  const status = run(bun, ["install", "--frozen-lockfile"], { env });
  if (status !== 0) throw new Error("bun install failed");
  writeFileSync(marker, readFileSync(lock, "utf8").length.toString());
}

const [command = "start", ...rest] = process.argv.slice(2);
const scripts = { start: "scripts/start.ts", test: "scripts/test.ts" };
if (!(command in scripts)) {
  console.error(`usage: node scripts/bootstrap.mjs ${Object.keys(scripts).join("|")} [args]`);
  process.exit(2);
}
const bun = ensureBun();
// Every later step (install scripts, the test runner's children) finds this Bun first on PATH.
const bunDir = bun === "bun" ? null : dirname(bun);
const env = bunDir ? { ...process.env, PATH: `${bunDir}:${process.env.PATH}` } : process.env;
ensureDependencies(bun, env);
process.exit(run(bun, [scripts[command], ...rest], { env }));
