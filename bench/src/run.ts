// The data plane benchmark: tools/call throughput and latency, directly against a fixed upstream
// and through the gateway (auth + policy + rate limit + request logging on) over every client
// transport, side by side in one run, with the gateway/direct ratio and CPU per call.
//   bun bench/src/run.ts [--seconds=5] [--sessions=1,32] [--rounds=2]
//                        [--transports=streamable-http,stateless,rpc,sse,websocket]
// Uses DATABASE_URL when set, else an embedded PostgreSQL. OMNIMESH_FAST_LANE=false (passed on to the
// data plane) measures without the fast lane; BENCH_DATAPLANE_BUN_ARGS profiles it. Numbers: README.md.
import { join } from "node:path";
import { migrate, openDatabase, recreateDatabase, withDatabase } from "../../scripts/lib/database.ts";
import { CLIENT_TRANSPORTS, type ClientTransport, directTarget, gatewayTarget, type Target } from "./clients.ts";
import { processCpuSeconds, selfCpuSeconds } from "./cpu.ts";
import { type CpuProbe, measure, type Result } from "./measure.ts";
import { benchSecrets, repoRoot, seedGateway, startDataplane, startUpstream } from "./setup.ts";

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const seconds = Number(arg("seconds", "5"));
const sessionCounts = arg("sessions", "1,32").split(",").map(Number);
const rounds = Number(arg("rounds", "2"));
const transports = arg("transports", CLIENT_TRANSPORTS.join(",")).split(",") as ClientTransport[];
for (const transport of transports) {
  if (!CLIENT_TRANSPORTS.includes(transport)) throw new Error(`unknown transport ${transport}`);
}

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

const ns = `${dataplane.url}/ns/${seeded.orgSlug}/${seeded.namespaceSlug}`;
const direct = directTarget(upstream.url, "echo");
const gateways: Array<{ transport: ClientTransport; target: Target }> = transports.map((transport) => ({
  transport,
  target: gatewayTarget(transport, ns, seeded.apiKey, "demo__echo"),
}));

const probe: CpuProbe = () => ({
  client: selfCpuSeconds(),
  gateway: processCpuSeconds(dataplane.proc.pid),
  upstream: processCpuSeconds(upstream.proc.pid),
});
const fmt = (n: number, digits = 2) => n.toFixed(digits);
const cpu = (r: Result) =>
  `cpu/call µs: client ${fmt(r.cpuPerCall.client ?? Number.NaN, 0)} gateway ${fmt(r.cpuPerCall.gateway ?? Number.NaN, 0)} upstream ${fmt(r.cpuPerCall.upstream ?? Number.NaN, 0)}`;
/** The median over rounds of one process's CPU per call. */
const median = (rs: Result[], name: string) =>
  rs.map((r) => r.cpuPerCall[name] ?? Number.NaN).sort((a, b) => a - b)[Math.floor(rs.length / 2)]!;

const rows: string[] = [];
try {
  console.log(
    `bench: ${seconds}s per measurement, ${rounds} rounds, sessions ${sessionCounts.join(",")}, fast lane ${process.env.OMNIMESH_FAST_LANE ?? "default (on)"}`,
  );
  for (const sessions of sessionCounts) {
    const all = new Map<Target, Result[]>();
    for (const target of [direct, ...gateways.map((g) => g.target)]) all.set(target, []);
    // Alternate direct and every gateway transport so drift on the machine affects all alike.
    for (let round = 0; round < rounds; round++) {
      for (const target of [direct, ...gateways.map((g) => g.target)]) {
        const result = await measure(target, sessions, seconds, 1, probe);
        all.get(target)!.push(result);
        console.log(
          `  ${target.label.padEnd(36)} sessions=${String(sessions).padStart(2)} ${fmt(result.throughput, 0).padStart(6)} calls/s  p50 ${fmt(result.p50)} ms  p99 ${fmt(result.p99)} ms  errors ${result.errors}  ${cpu(result)}`,
        );
      }
    }
    const best = (target: Target) => all.get(target)!.reduce((a, b) => (b.throughput > a.throughput ? b : a));
    const d = best(direct);
    const directCpu = median(all.get(direct)!, "client") + median(all.get(direct)!, "upstream");
    for (const { transport, target } of gateways) {
      const g = best(target);
      const results = all.get(target)!;
      const gatewayCpu = median(results, "gateway");
      const totalCpu = median(results, "client") + median(results, "upstream") + gatewayCpu;
      const ratio = g.throughput / d.throughput;
      const cpuRatio = directCpu / totalCpu;
      const added = g.p50 - d.p50;
      // The target: ≥ 60% of direct throughput at 32 sessions, ≤ 0.3 ms added p50 at one.
      const verdict =
        sessions === 1
          ? added <= 0.3
            ? "met"
            : "not met"
          : sessions >= 32
            ? `${ratio >= 0.6 ? "met" : "not met"} (CPU-bound ${cpuRatio >= 0.6 ? "met" : "not met"})`
            : "—";
      rows.push(
        `| ${sessions} | ${transport} | ${fmt(d.throughput, 0)} | ${fmt(g.throughput, 0)} | ${fmt(ratio * 100, 1)}% | ${fmt(d.p50)} / ${fmt(d.p99)} | ${fmt(g.p50)} / ${fmt(g.p99)} | ${fmt(added, 3)} | ${fmt(gatewayCpu, 0)} | ${fmt(cpuRatio * 100, 1)}% | ${verdict} |`,
      );
    }
  }
  console.log(
    "\n| sessions | client transport | direct calls/s | gateway calls/s | gateway / direct | direct p50 / p99 ms | gateway p50 / p99 ms | added p50 ms | gateway CPU µs/call | CPU-bound ratio | target |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const row of rows) console.log(row);
} finally {
  dataplane.proc.kill("SIGTERM");
  upstream.proc.kill("SIGTERM");
  await dataplane.proc.exited;
  await database.embedded?.stop();
}
process.exit(0);
