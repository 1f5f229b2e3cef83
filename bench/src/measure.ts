// Closed-loop load: N sessions of one target, each calling one tool back to back for a fixed time.
import type { BenchSession, Target } from "./clients.ts";

export interface Result {
  calls: number;
  errors: number;
  seconds: number;
  throughput: number;
  p50: number;
  p99: number;
  /** CPU microseconds per call of each process of interest (see cpu.ts). */
  cpuPerCall: Record<string, number>;
}

/** CPU seconds used so far by each process of interest, sampled around the measured window. */
export type CpuProbe = () => Record<string, number>;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function measure(
  target: Target,
  sessions: number,
  seconds: number,
  warmupSeconds: number,
  probe: CpuProbe = () => ({}),
): Promise<Result> {
  const opened: BenchSession[] = await Promise.all(Array.from({ length: sessions }, () => target.open()));
  const latencies: number[] = [];
  let errors = 0;
  let next = 1;
  const loop = async (session: BenchSession, until: number, record: boolean) => {
    while (performance.now() < until) {
      const started = performance.now();
      let ok = false;
      try {
        ok = await session.call(next++);
      } catch {}
      if (!record) continue;
      if (!ok) errors++;
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(opened.map((session) => loop(session, performance.now() + warmupSeconds * 1000, false)));
  const cpuBefore = probe();
  const started = performance.now();
  await Promise.all(opened.map((session) => loop(session, started + seconds * 1000, true)));
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = probe();
  // CPU per call, per process: unlike throughput it barely moves when other work shares the machine.
  const cpuPerCall: Record<string, number> = {};
  for (const [name, value] of Object.entries(cpuAfter)) {
    cpuPerCall[name] = ((value - (cpuBefore[name] ?? 0)) * 1e6) / Math.max(1, latencies.length);
  }
  await Promise.all(opened.map((session) => session.close().catch(() => {})));
  latencies.sort((a, b) => a - b);
  return {
    calls: latencies.length,
    errors,
    seconds: elapsed,
    throughput: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuPerCall,
  };
}
