// Applies or creates migrations with the Prisma 6.19 CLI's offline WASM engine.
//   bun scripts/migrate.ts deploy        apply committed migrations to DATABASE_URL
//   bun scripts/migrate.ts new <name>    write the SQL that takes the last migrated schema to schema.prisma
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const schemaPath = join(root, "schema.prisma");
const schema6Path = join(root, ".schema6.prisma");
const snapshotPath = join(root, "migrations", "schema-snapshot.txt");
const cli = join(root, "..", "node_modules", "prisma6", "build", "index.js");

/** The 6.19 CLI insists on a datasource url in the schema, which Prisma 7 rejects: keep a copy that has one. */
function writeSchema6(source: string, path = schema6Path): string {
  const withUrl = source.replace(
    /datasource db \{\s*provider\s*=\s*"postgresql"\s*\}/,
    'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}',
  );
  if (withUrl === source) throw new Error("schema.prisma: datasource block not in the expected form");
  writeFileSync(path, withUrl);
  return path;
}

type Output = "inherit" | "stdout" | "quiet";

function runCli(args: string[], output: Output = "inherit"): string {
  const result = spawnSync("node", ["--require", join(root, "scripts", "unref-timers.cjs"), cli, ...args], {
    cwd: join(root, "scripts"),
    encoding: "utf8",
    stdio: output === "inherit" ? "inherit" : ["ignore", "pipe", output === "quiet" ? "pipe" : "inherit"],
    // Any existing file stops the CLI from trying to download a query engine it never uses here.
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", PRISMA_QUERY_ENGINE_LIBRARY: process.execPath },
  });
  if (result.status !== 0) {
    if (output === "quiet") process.stderr.write(`${result.stdout}${result.stderr}`);
    throw new Error(`prisma ${args.join(" ")} failed with exit code ${result.status}`);
  }
  return result.stdout ?? "";
}

export function deployMigrations(databaseUrl: string, output: Output = "inherit"): void {
  writeSchema6(readFileSync(schemaPath, "utf8"));
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  try {
    runCli(["migrate", "deploy", "--config", "prisma6.config.ts"], output);
  } finally {
    process.env.DATABASE_URL = previous;
  }
}

function createMigration(name: string): void {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error("migration name: lowercase letters, digits and _ only");
  const current = readFileSync(schemaPath, "utf8");
  const to = writeSchema6(current);
  const args = ["migrate", "diff", "--to-schema-datamodel", to, "--script"];
  if (existsSync(snapshotPath)) {
    const from = writeSchema6(readFileSync(snapshotPath, "utf8"), join(root, ".schema6-from.prisma"));
    args.splice(2, 0, "--from-schema-datamodel", from);
  } else {
    args.splice(2, 0, "--from-empty");
  }
  // The adapter-based engine connects even to diff two schema files, so a reachable database is needed.
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is required (any reachable PostgreSQL)");
  const sql = runCli([...args, "--config", "prisma6.config.ts"], "stdout");
  if (!sql.trim() || sql.includes("-- This is an empty migration.")) {
    console.log("schema.prisma has no changes since the last migration");
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = join(root, "migrations", `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "migration.sql"), sql);
  writeFileSync(snapshotPath, current);
  console.log(`wrote ${join(dir, "migration.sql")}`);
  const lock = join(root, "migrations", "migration_lock.toml");
  if (!existsSync(lock)) {
    mkdirSync(dirname(lock), { recursive: true });
    writeFileSync(lock, 'provider = "postgresql"\n');
  }
}

if (import.meta.main) {
  const [command, name] = process.argv.slice(2);
  if (command === "deploy") {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is required");
    deployMigrations(url);
  } else if (command === "new" && name) {
    createMigration(name);
  } else {
    console.error("usage: migrate.ts deploy | new <name>");
    process.exit(2);
  }
}
