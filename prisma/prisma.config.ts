// Prisma 7 CLI config: used for `prisma generate`. Migrations run through the 6.19 CLI's WASM
// engine instead (scripts/migrate.ts), because the native schema engine cannot be downloaded here.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/omnimesh" },
});
