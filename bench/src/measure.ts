// Closed-loop load: N MCP sessions, each calling one tool back to back for a fixed time.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

export interface Target {
  label: string;
  url: string;
  headers: Record<string, string>;
  tool: string;
}

export interface Result {
  calls: number;
  errors: number;
  seconds: number;
  throughput: number;
  p50: number;
  p99: number;
}

async function connect(target: Target): Promise<Client> {
  const client = new Client({ name: "omnimesh-bench", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(target.url), { requestInit: { headers: target.headers } }),
  );
  return client;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function measure(target: Target, sessions: number, seconds: number, warmupSeconds: number) {
  const clients = await Promise.all(Array.from({ length: sessions }, () => connect(target)));
  const latencies: number[] = [];
  let errors = 0;
  const loop = async (client: Client, until: number, record: boolean) => {
    let i = 0;
    while (performance.now() < until) {
      const started = performance.now();
      try {
        const result = await client.callTool({ name: target.tool, arguments: { text: `call ${i++}` } });
        if (result.isError) errors += record ? 1 : 0;
      } catch {
        if (record) errors++;
      }
      if (record) latencies.push(performance.now() - started);
    }
  };
  await Promise.all(clients.map((client) => loop(client, performance.now() + warmupSeconds * 1000, false)));
  const started = performance.now();
  await Promise.all(clients.map((client) => loop(client, started + seconds * 1000, true)));
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all(clients.map((client) => client.close()));
  latencies.sort((a, b) => a - b);
  return {
    calls: latencies.length,
    errors,
    seconds: elapsed,
    throughput: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  } satisfies Result;
}
