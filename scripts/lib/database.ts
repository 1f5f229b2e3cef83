// Which PostgreSQL a run uses: DATABASE_URL when it is set, otherwise an embedded server whose data
// lives under .omnimesh/. Either way the committed migrations are applied before anything starts.
import { join } from "node:path";
import {
  type EmbeddedDatabase,
  ensureDatabase,
  findFreePort,
  startEmbeddedPostgres,
} from "@omnimesh/db/embedded-postgres";
import pg from "pg";
import { deployMigrations } from "../../prisma/scripts/migrate.ts";

export const repoRoot = join(import.meta.dir, "..", "..");

export interface Database {
  url: string;
  embedded: EmbeddedDatabase | null;
}

export async function openDatabase(options: { dataDir: string; preferredPort: number; database: string }) {
  const configured = process.env.DATABASE_URL;
  if (configured) return { url: configured, embedded: null } satisfies Database;
  const port = await findFreePort(options.preferredPort);
  const embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, port, database: options.database });
  return { url: embedded.url, embedded } satisfies Database;
}

/** Points `url` at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
}

/** Drops and recreates a database so a test run starts from nothing. */
export async function recreateDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`);
  } finally {
    await admin.end();
  }
  await ensureDatabase(url);
}

export function migrate(url: string): void {
  deployMigrations(url, "quiet");
}
