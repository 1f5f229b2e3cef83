// Runs the official conformance CLI (@modelcontextprotocol/conformance, server mode) against one URL
// and reads back every scenario's checks.json. Bun runs the CLI: it needs Node ≥ 22, the machine
// may have an older Node.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface Check {
  id: string;
  name: string;
  status: "SUCCESS" | "FAILURE" | "WARNING" | "INFO" | "SKIPPED";
  description?: string;
  errorMessage?: string;
  details?: unknown;
}

export interface ScenarioResult {
  scenario: string;
  passed: boolean;
  checks: Check[];
}

export interface SuiteRun {
  scenarios: ScenarioResult[];
  exitCode: number;
  output: string;
}

const cliPath = join(
  dirname(Bun.resolveSync("@modelcontextprotocol/conformance/package.json", import.meta.dir)),
  "dist",
  "index.js",
);

export async function runConformanceSuite(
  url: string,
  options: { suite?: string; scenario?: string; timeoutMs?: number } = {},
): Promise<SuiteRun> {
  const outDir = mkdtempSync(join(tmpdir(), "omnimesh-conformance-"));
  try {
    const selection = options.scenario ? ["--scenario", options.scenario] : ["--suite", options.suite ?? "all"];
    const proc = Bun.spawn([process.execPath, cliPath, "server", "--url", url, "-o", outDir, ...selection], {
      stdout: "pipe",
      stderr: "pipe",
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
    });
    const timer = setTimeout(() => proc.kill(), options.timeoutMs ?? 150_000);
    const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
    await proc.exited;
    clearTimeout(timer);
    const output = stdout + stderr;
    return { scenarios: readResults(outDir, output, options.scenario), exitCode: proc.exitCode ?? 1, output };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * The CLI announces each scenario ("=== Running scenario: X ===") and writes
 * <outDir>/server-<scenario>-<timestamp>/checks.json; a scenario without results counts as failed.
 */
function readResults(outDir: string, output: string, single?: string): ScenarioResult[] {
  const announced = [...output.matchAll(/^=== Running scenario: (\S+) ===$/gm)].map((match) => match[1]!);
  const scenarios = single ? [single] : announced;
  const entries = readdirSync(outDir);
  return scenarios.map((scenario) => {
    const entry = entries.find((name) => new RegExp(`^server-${scenario}-\\d{4}-\\d{2}-\\d{2}T[\\d-]+Z$`).test(name));
    if (!entry) {
      const missing: Check = {
        id: scenario,
        name: scenario,
        status: "FAILURE",
        errorMessage: "scenario produced no results",
      };
      return { scenario, passed: false, checks: [missing] };
    }
    const checks = JSON.parse(readFileSync(join(outDir, entry, "checks.json"), "utf8")) as Check[];
    return { scenario, passed: !checks.some((check) => check.status === "FAILURE"), checks };
  });
}
