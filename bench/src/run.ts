// The data plane benchmark: tools/call throughput and latency, directly against a fixed upstream
// and through the gateway (auth + policy + rate limit + request logging on), side by side in one run.
//   bun bench/src/run.ts [--seconds=5] [--sessions=1,32] [--rounds=2]
// Uses DATABASE_URL when set, else an embedded PostgreSQL. Numbers: bench/README.md.
import { join } from "node:path";
import { migrate, openDatabase, recreateDatabase, withDatabase } from "../../scripts/lib/database.ts";
import { measure, type Result, type Target } from "./measure.ts";
import { benchSecrets, repoRoot, seedGateway, startDataplane, startUpstream } from "./setup.ts";

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const seconds = Number(arg("seconds", "5"));
const sessionCounts = arg("sessions", "1,32").split(",").map(Number);
const rounds = Number(arg("rounds", "2"));

const database = await openDatabase({
  dataDir: join(repoRoot, ".omnimesh", "pg-bench"),
  preferredPort: 54350,
  database: "postgres",
});
const url = withDatabase(database.url, "omnimesh_bench");
await recreateDatabase(url);
migrate(url);
const secrets = benchSecrets();
const upstream = await startUpstream();
const seeded = await seedGateway(url, upstream.url, secrets.OMNIMESH_TOKEN_PEPPER);
const dataplane = await startDataplane({ ...secrets, DATABASE_URL: url });

const direct: Target = { label: "direct", url: upstream.url, headers: {}, tool: "echo" };
const gateway: Target = {
  label: "gateway (streamable http)",
  url: `${dataplane.url}/ns/${seeded.orgSlug}/${seeded.namespaceSlug}/mcp`,
  headers: { Authorization: `Bearer ${seeded.apiKey}` },
  tool: "demo__echo",
};

const fmt = (n: number, digits = 2) => n.toFixed(digits);
const rows: string[] = [];
try {
  console.log(`bench: ${seconds}s per measurement, ${rounds} rounds, sessions ${sessionCounts.join(",")}`);
  for (const sessions of sessionCounts) {
    const best: Record<string, Result> = {};
    // Alternate direct and gateway so drift on the machine affects both alike; keep each side's best.
    for (let round = 0; round < rounds; round++) {
      for (const target of [direct, gateway]) {
        const result = await measure(target, sessions, seconds, 1);
        if (!best[target.label] || result.throughput > best[target.label]!.throughput) best[target.label] = result;
        console.log(
          `  ${target.label.padEnd(28)} sessions=${String(sessions).padStart(2)} ${fmt(result.throughput, 0).padStart(6)} calls/s  p50 ${fmt(result.p50)} ms  p99 ${fmt(result.p99)} ms  errors ${result.errors}`,
        );
      }
    }
    const d = best[direct.label]!;
    const g = best[gateway.label]!;
    rows.push(
      `| ${sessions} | ${fmt(d.throughput, 0)} | ${fmt(g.throughput, 0)} | ${fmt((g.throughput / d.throughput) * 100, 1)}% | ${fmt(d.p50)} / ${fmt(d.p99)} | ${fmt(g.p50)} / ${fmt(g.p99)} | ${fmt(g.p50 - d.p50, 3)} |`,
    );
  }
  console.log(
    "\n| sessions | direct calls/s | gateway calls/s | gateway / direct | direct p50 / p99 ms | gateway p50 / p99 ms | added p50 ms |",
  );
  console.log("|---|---|---|---|---|---|---|");
  for (const row of rows) console.log(row);
} finally {
  dataplane.proc.kill("SIGTERM");
  upstream.proc.kill("SIGTERM");
  await dataplane.proc.exited;
  await database.embedded?.stop();
}
process.exit(0);
