import "server-only";
import { createPrismaClient, type Prisma, type PrismaClient } from "@omnimesh/db/client";
import { env } from "~/env";

export type { Prisma } from "@omnimesh/db/client";

// One client per process; in dev, hot reloads re-evaluate modules, so the client is parked on globalThis.
const globalForDb = globalThis as unknown as { omnimeshDb?: PrismaClient };

export const db: PrismaClient = globalForDb.omnimeshDb ?? createPrismaClient(env.DATABASE_URL);
if (env.NODE_ENV !== "production") globalForDb.omnimeshDb = db;

/** The client or an interactive transaction; services that write audit rows take either. */
export type TDb = PrismaClient | Prisma.TransactionClient;
