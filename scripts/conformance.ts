// The official MCP conformance suite (@modelcontextprotocol/conformance, server scenarios) against the
// gateway's per-server endpoint /servers/{id}/mcp, with our conformance server
// (dataplane/src/conformance/conformance-server.ts) as the upstream: once over stdio, once over
// Streamable HTTP. A fresh org, namespace, two servers and an API key are created in DATABASE_URL's
// database (default: the dataplane test database); the real data plane listens on a free port.
//   bun scripts/conformance.ts                 through the gateway (what `npm test` runs)
//   bun scripts/conformance.ts --direct        the conformance server alone, both transports
//   --suite=all|active|pending  --scenario=<name>  which scenarios (default: all, pending ones included)
// Prints one line per scenario and "conformance: N passed, N failed"; exits 1 on any failure.
import { join } from "node:path";
import { startAuthProxy } from "../dataplane/src/conformance/auth-proxy.ts";
import { startStdioRelay } from "../dataplane/src/conformance/stdio-relay.ts";
import { runConformanceSuite, type SuiteRun } from "../dataplane/src/conformance/suite.ts";
import { createApiKey, createTenant, startGateway, testEnv, testPool } from "../dataplane/src/test/fixtures.ts";

const SERVER_PATH = join(import.meta.dir, "..", "dataplane", "src", "conformance", "conformance-server.ts");
const flag = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];
const options = { suite: flag("suite"), scenario: flag("scenario") };
const direct = process.argv.includes("--direct");

/** Starts the conformance server over Streamable HTTP as its own process; resolves its /mcp URL. */
async function spawnHttpServer() {
  const proc = Bun.spawn([process.execPath, SERVER_PATH, "--http", "0"], { stdout: "pipe", stderr: "inherit" });
  const reader = proc.stdout.getReader();
  let text = "";
  const deadline = Date.now() + 15_000;
  while (!/listening on (\S+)/.test(text)) {
    const { value, done } = await reader.read();
    if (done || Date.now() > deadline) throw new Error(`conformance server did not start: ${text}`);
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return { url: text.match(/listening on (\S+)/)![1]!, stop: () => proc.kill() };
}

function report(label: string, run: SuiteRun): { passed: number; failed: number } {
  console.log(`\n── ${label}`);
  let passed = 0;
  let failed = 0;
  for (const result of run.scenarios) {
    const count = (status: string) => result.checks.filter((check) => check.status === status).length;
    const warnings = count("WARNING");
    console.log(
      `  ${result.passed ? "ok  " : "FAIL"} ${result.scenario.padEnd(32)} ${count("SUCCESS")} checks passed` +
        `${count("FAILURE") ? `, ${count("FAILURE")} failed` : ""}${warnings ? `, ${warnings} warnings` : ""}`,
    );
    for (const check of result.checks.filter((c) => c.status === "FAILURE" || c.status === "WARNING")) {
      console.log(
        `         ${check.status === "FAILURE" ? "✗" : "!"} ${check.name}: ${check.errorMessage ?? check.description}`,
      );
      if (check.status === "FAILURE" && check.details)
        console.log(`           ${JSON.stringify(check.details).slice(0, 400)}`);
    }
    if (result.passed) passed += 1;
    else failed += 1;
  }
  // A CLI that failed without a failing scenario (crash, timeout) still fails the run.
  if (run.exitCode !== 0 && failed === 0) {
    failed += 1;
    console.log(`  FAIL conformance CLI exited with ${run.exitCode}:\n${run.output.slice(-2000)}`);
  }
  if (run.scenarios.length === 0) console.log(run.output.slice(-2000));
  return { passed, failed };
}

async function runDirect() {
  const http = await spawnHttpServer();
  const stdio = startStdioRelay([process.execPath, SERVER_PATH]);
  try {
    return [
      report(`direct, Streamable HTTP (${http.url})`, await runConformanceSuite(http.url, options)),
      report(`direct, stdio via a local HTTP relay (${stdio.url})`, await runConformanceSuite(stdio.url, options)),
    ];
  } finally {
    http.stop();
    await stdio.stop();
  }
}

async function runThroughGateway() {
  const http = await spawnHttpServer();
  let gatewayUrl = "";
  const pool = testPool();
  const env0 = testEnv();
  const tenant = await createTenant(pool, env0, [
    { name: "conformance-stdio", transport: "stdio", command: process.execPath, args: [SERVER_PATH] },
    { name: "conformance-http", transport: "streamable-http", url: http.url },
  ]);
  const key = await createApiKey(pool, env0, tenant.orgId);
  const proxy = startAuthProxy(() => gatewayUrl, key.key);
  // The operator setting DNS-rebinding protection relies on: the only browser origin allowed is the
  // proxy's own (the suite sends Origin = its target URL's origin).
  const gateway = await startGateway(testEnv({ OMNIMESH_ALLOWED_ORIGINS: proxy.origin }));
  gatewayUrl = gateway.url;
  try {
    const results = [];
    for (const name of ["conformance-stdio", "conformance-http"]) {
      const url = `${proxy.url}/servers/${tenant.serverIds[name]}/mcp`;
      results.push(report(`gateway /servers/{id}/mcp → ${name}`, await runConformanceSuite(url, options)));
    }
    return results;
  } finally {
    proxy.stop();
    await gateway.stop();
    http.stop();
    await pool.query("delete from organizations where id = $1", [tenant.orgId]).catch(() => {});
    await pool.end();
  }
}

const started = Date.now();
const results = direct ? await runDirect() : await runThroughGateway();
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log(`\nconformance: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)}s)`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
