import { json } from "~/server/rest/respond";
import { checkHealth } from "~/server/services/health/check-health";

export const dynamic = "force-dynamic";

/** Also served at /health (rewrite in next.config.ts). 503 when the database does not answer. */
export async function GET(): Promise<Response> {
  const health = await checkHealth();
  return json({ service: "web", ...health }, health.db === "ok" ? 200 : 503);
}
