// `npm test`: every check and test of the repository, in order, against real services.
// Database: DATABASE_URL's server when set (CI: the machine's PostgreSQL), else an embedded
// PostgreSQL; either way a fresh database `omnimesh_test` is made and migrated for the run, and the
// browser tests get one of their own (`omnimesh_test_e2e`): the stack they start runs the discovery
// sweep, which must not spend its time probing the servers the unit tests left behind.
// Redis: tests that need it run when REDIS_URL is set and say so when they are skipped.
// Flags: --only=<step,...> runs a subset (lint, typecheck, dataplane, conformance, web, e2e).
import { join } from "node:path";
import { randomToken } from "@omnimesh/db/crypto";
import { migrate, openDatabase, recreateDatabase, repoRoot, withDatabase } from "./lib/database.ts";

interface Step {
  name: string;
  cmd: string[];
  cwd: string;
  /** Extracts passed/failed test counts from the runner's output. */
  count?: (output: string) => { passed: number; failed: number; skipped: number } | null;
  /** A fresh database of its own instead of the run's shared one. */
  database?: string;
}

const only = process.argv
  .find((arg) => arg.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");

const lastNumber = (output: string, pattern: RegExp) => {
  const matches = [...output.matchAll(pattern)];
  return matches.length ? Number(matches[matches.length - 1]![1]) : 0;
};

const bunCount = (output: string) =>
  /\d+ pass/.test(output)
    ? {
        passed: lastNumber(output, /^\s*(\d+) pass$/gm),
        failed: lastNumber(output, /^\s*(\d+) fail$/gm),
        skipped: lastNumber(output, /^\s*(\d+) skip$/gm),
      }
    : null;

const vitestCount = (output: string) => {
  const line = output.match(/Tests\s+([^\n]+)/g)?.pop();
  if (!line) return null;
  const num = (word: string) => Number(line.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
  return { passed: num("passed"), failed: num("failed"), skipped: num("skipped") };
};

const playwrightCount = (output: string) =>
  /\d+ (passed|failed)/.test(output)
    ? {
        passed: lastNumber(output, /^\s*(\d+) passed/gm),
        failed: lastNumber(output, /^\s*(\d+) failed/gm) + lastNumber(output, /^\s*(\d+) flaky/gm),
        skipped: lastNumber(output, /^\s*(\d+) skipped/gm),
      }
    : null;

/** scripts/conformance.ts: one count per scenario and transport. */
const conformanceCount = (output: string) => {
  const match = output.match(/^conformance: (\d+) passed, (\d+) failed/m);
  return match ? { passed: Number(match[1]), failed: Number(match[2]), skipped: 0 } : null;
};

const steps: Step[] = [
  { name: "lint", cmd: ["bunx", "biome", "check", "."], cwd: repoRoot },
  { name: "typecheck", cmd: ["bun", "run", "typecheck"], cwd: repoRoot },
  { name: "dataplane", cmd: ["bun", "test"], cwd: join(repoRoot, "dataplane"), count: bunCount },
  { name: "conformance", cmd: ["bun", "scripts/conformance.ts"], cwd: repoRoot, count: conformanceCount },
  { name: "web", cmd: ["bunx", "vitest", "run"], cwd: join(repoRoot, "web"), count: vitestCount },
  {
    name: "e2e",
    cmd: ["npx", "playwright", "test"],
    cwd: repoRoot,
    count: playwrightCount,
    database: "omnimesh_test_e2e",
  },
].filter((step) => !only || only.includes(step.name));

async function runStep(step: Step, env: Record<string, string>) {
  console.log(`\n━━ ${step.name}: ${step.cmd.join(" ")}`);
  const started = Date.now();
  const proc = Bun.spawn(step.cmd, { cwd: step.cwd, env, stdout: "pipe", stderr: "pipe" });
  let output = "";
  const tee = async (stream: ReadableStream<Uint8Array>, out: NodeJS.WriteStream) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      const text = decoder.decode(chunk, { stream: true });
      output += text;
      out.write(text);
    }
  };
  await Promise.all([tee(proc.stdout, process.stdout), tee(proc.stderr, process.stderr), proc.exited]);
  const clean = Bun.stripANSI(output);
  return { ok: proc.exitCode === 0, counts: step.count?.(clean) ?? null, seconds: (Date.now() - started) / 1000 };
}

const database = await openDatabase({
  dataDir: join(repoRoot, ".omnimesh", "pg-test"),
  preferredPort: 54330,
  database: "postgres",
});
const testUrl = withDatabase(database.url, "omnimesh_test");
let exitCode = 1;
try {
  await recreateDatabase(testUrl);
  migrate(testUrl);
  console.log(`[test] fresh database migrated: ${testUrl.replace(/:[^:@/]+@/, ":***@")}`);
  if (!process.env.REDIS_URL) console.log("[test] REDIS_URL is not set: tests that need Redis will be skipped");
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  Object.assign(env, {
    DATABASE_URL: testUrl,
    OMNIMESH_ENCRYPTION_KEY: randomToken(32),
    OMNIMESH_TOKEN_PEPPER: randomToken(32),
    NEXTAUTH_SECRET: randomToken(32),
    // Counters of earlier runs (sign-ups per IP, …) stay in a shared Redis for their window: each run
    // keeps its own.
    REDIS_KEY_PREFIX: `omnimesh-test-${randomToken(6).replace(/[^A-Za-z0-9]/g, "x")}`,
    FORCE_COLOR: "0",
  });
  const results: { name: string; ok: boolean; counts: ReturnType<typeof bunCount>; seconds: number }[] = [];
  for (const step of steps) {
    let stepEnv = env;
    if (step.database) {
      const url = withDatabase(database.url, step.database);
      await recreateDatabase(url);
      migrate(url);
      stepEnv = { ...env, DATABASE_URL: url };
    }
    results.push({ name: step.name, ...(await runStep(step, stepEnv)) });
  }

  console.log("\n━━ summary");
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const result of results) {
    const counts = result.counts;
    if (counts) {
      passed += counts.passed;
      failed += counts.failed;
      skipped += counts.skipped;
    }
    // A step that failed without a failing test (crash, lint, type error) still counts as a failure.
    if (!result.ok && (!counts || counts.failed === 0)) failed += 1;
    const detail = counts ? `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped` : "";
    console.log(`  ${result.ok ? "ok  " : "FAIL"} ${result.name.padEnd(10)} ${result.seconds.toFixed(1)}s ${detail}`);
  }
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  exitCode = results.every((result) => result.ok) && results.length > 0 ? 0 : 1;
} finally {
  await database.embedded?.stop();
}
process.exit(exitCode);
