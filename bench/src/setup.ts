// What the benchmark runs against: the demo MCP server over Streamable HTTP as the fixed upstream,
// and the data plane in front of it with auth, policy, rate limits and request logging on.
import { join } from "node:path";
import { generateApiKey } from "@omnimesh/db/api-key";
import { createPrismaClient } from "@omnimesh/db/client";
import { randomToken } from "@omnimesh/db/crypto";
import { findFreePort } from "@omnimesh/db/embedded-postgres";
import type { Subprocess } from "bun";

export const repoRoot = join(import.meta.dir, "..", "..");

export async function startUpstream(): Promise<{ url: string; proc: Subprocess }> {
  const proc = Bun.spawn(["bun", join(repoRoot, "dataplane/src/demo/demo-server.ts"), "--http", "0"], {
    stdout: "pipe",
    stderr: "inherit",
  });
  const decoder = new TextDecoder();
  let seen = "";
  for await (const chunk of proc.stdout as ReadableStream<Uint8Array>) {
    seen += decoder.decode(chunk);
    const match = seen.match(/listening on (http:\/\/\S+)/);
    if (match) return { url: match[1]!, proc };
  }
  throw new Error(`demo server did not start: ${seen}`);
}

/** Rows the gateway needs: an org, a namespace with the upstream, a key; plus a policy and a limit. */
export async function seedGateway(databaseUrl: string, upstreamUrl: string, pepper: string) {
  const prisma = createPrismaClient(databaseUrl, { max: 2 });
  const suffix = randomToken(4)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "x");
  const org = await prisma.organization.create({ data: { name: "Bench", slug: `bench-${suffix}` } });
  const namespace = await prisma.namespace.create({ data: { orgId: org.id, name: "Bench", slug: "bench" } });
  await prisma.mcpServer.create({
    data: { orgId: org.id, namespaceId: namespace.id, name: "demo", transport: "streamable_http", url: upstreamUrl },
  });
  const key = generateApiKey(pepper);
  await prisma.apiKey.create({ data: { orgId: org.id, name: "bench", prefix: key.prefix, keyHash: key.hash } });
  // The benchmark measures the gateway with its checks on: one policy and one rate limit that
  // every call is evaluated against (the limit is high enough never to reject a call).
  await prisma.policy.create({
    data: { orgId: org.id, name: "deny admin tools", effect: "deny", conditions: { tools: ["*__admin_*"] } },
  });
  await prisma.rateLimit.create({
    data: { orgId: org.id, name: "per key", scope: "api_key", limit: 10_000_000, windowSeconds: 60 },
  });
  await prisma.$disconnect();
  return { orgSlug: org.slug, namespaceSlug: namespace.slug, apiKey: key.key };
}

export async function startDataplane(env: Record<string, string>) {
  const port = await findFreePort(4600);
  // BENCH_DATAPLANE_BUN_ARGS, e.g. "--cpu-prof-md --cpu-prof-dir=/tmp/prof", profiles the gateway.
  const extra = process.env.BENCH_DATAPLANE_BUN_ARGS?.split(" ").filter(Boolean) ?? [];
  const proc = Bun.spawn(["bun", ...extra, join(repoRoot, "dataplane/src/index.ts")], {
    cwd: join(repoRoot, "dataplane"),
    env: { ...process.env, ...env, DATAPLANE_PORT: String(port), LOG_LEVEL: "warn" } as Record<string, string>,
    stdout: "inherit",
    stderr: "inherit",
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return { url, proc };
    } catch {}
    await Bun.sleep(100);
  }
  proc.kill();
  throw new Error("data plane did not start");
}

export function benchSecrets() {
  return { OMNIMESH_ENCRYPTION_KEY: randomToken(32), OMNIMESH_TOKEN_PEPPER: randomToken(32) };
}
