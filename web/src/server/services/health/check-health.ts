import "server-only";
import { db } from "~/server/db";

export interface THealth {
  status: "ok" | "degraded";
  db: "ok" | "error";
  latencyMs: number;
}

export async function checkHealth(): Promise<THealth> {
  const started = performance.now();
  const dbOk = await db.$queryRaw`select 1`.then(
    () => true,
    () => false,
  );
  return {
    status: dbOk ? "ok" : "degraded",
    db: dbOk ? "ok" : "error",
    latencyMs: Math.round(performance.now() - started),
  };
}
