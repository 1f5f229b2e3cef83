// One factory for the Prisma 7 client, shared by both apps: Rust-free client + node-postgres adapter.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";

export type { Prisma } from "../generated/prisma/client.ts";
export { PrismaClient };

export interface CreatePrismaOptions {
  /** Pool size; the data plane reads through its caches and needs few connections. */
  max?: number;
}

export function createPrismaClient(databaseUrl: string, options: CreatePrismaOptions = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}
