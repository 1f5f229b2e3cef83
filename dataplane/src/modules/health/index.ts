import { Elysia } from "elysia";
import { checkHealth, type HealthDeps } from "./service.ts";

export function healthModule(deps: HealthDeps) {
  return new Elysia({ name: "health" }).get("/health", async ({ set }) => {
    const report = await checkHealth(deps);
    set.status = report.status === "ok" ? 200 : 503;
    return report;
  });
}
