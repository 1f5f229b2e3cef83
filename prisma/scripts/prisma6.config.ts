// Config for the Prisma 6.19 CLI, used only to apply and diff migrations: its WASM schema engine runs
// offline through a driver adapter, where the Prisma 7 CLI would download a native engine.
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma6/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "../.schema6.prisma",
  migrations: { path: "../migrations" },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is required to run migrations");
    // allowExitOnIdle: the CLI never closes its pool, and idle clients would hold the process open.
    return new PrismaPg({ connectionString: url, allowExitOnIdle: true, idleTimeoutMillis: 100 });
  },
});
