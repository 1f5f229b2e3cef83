// Starts the whole product (data plane + web app) against a database, for `npm start` and for the
// end-to-end tests. The caller owns the database; this owns the two app processes.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./database.ts";
import { type Child, run, spawnChild, waitForHealthy } from "./processes.ts";
import type { Secrets } from "./secrets.ts";

export interface StackOptions {
  databaseUrl: string;
  secrets: Secrets;
  webPort: number;
  dataplanePort: number;
  /** next dev instead of a production build. */
  dev?: boolean;
  /** Rebuild the web app even when a build exists. */
  rebuild?: boolean;
  extraEnv?: Record<string, string>;
}

export interface Stack {
  webUrl: string;
  dataplaneUrl: string;
  children: Child[];
}

export function stackEnv(options: StackOptions): Record<string, string> {
  const webUrl = `http://localhost:${options.webPort}`;
  const dataplaneUrl = `http://localhost:${options.dataplanePort}`;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return {
    ...env,
    ...options.secrets,
    DATABASE_URL: options.databaseUrl,
    NEXTAUTH_URL: webUrl,
    OMNIMESH_WEB_URL: webUrl,
    OMNIMESH_DATAPLANE_URL: dataplaneUrl,
    DATAPLANE_PORT: String(options.dataplanePort),
    OMNIMESH_STDIO_CWD: repoRoot,
    ...options.extraEnv,
  };
}

export function buildWeb(env: Record<string, string>): void {
  console.log("[omnimesh] building the web app (next build) — once, later starts reuse it");
  const status = run(["bun", "run", "build"], { cwd: join(repoRoot, "web"), env: { ...env, NODE_ENV: "production" } });
  if (status !== 0) throw new Error("next build failed");
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const env = stackEnv(options);
  const webUrl = env.OMNIMESH_WEB_URL!;
  const dataplaneUrl = env.OMNIMESH_DATAPLANE_URL!;
  if (!options.dev && (options.rebuild || !existsSync(join(repoRoot, "web", ".next", "BUILD_ID")))) buildWeb(env);
  const dataplane = spawnChild("dataplane", ["bun", "src/index.ts"], { cwd: join(repoRoot, "dataplane"), env });
  const webArgs = options.dev ? ["dev", "-p", String(options.webPort)] : ["start", "-p", String(options.webPort)];
  // Node runs the `next` bin directly (one process, so a signal to it stops the server).
  const nextBin = join(repoRoot, "node_modules", "next", "dist", "bin", "next");
  const web = spawnChild("web", ["node", nextBin, ...webArgs], {
    cwd: join(repoRoot, "web"),
    env: { ...env, PORT: String(options.webPort), NODE_ENV: options.dev ? "development" : "production" },
  });
  await Promise.all([
    waitForHealthy(`${dataplaneUrl}/health`, dataplane, 60_000),
    waitForHealthy(`${webUrl}/api/health`, web, 180_000),
  ]);
  return { webUrl, dataplaneUrl, children: [dataplane, web] };
}
