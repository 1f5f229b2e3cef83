import { parseInput } from "~/server/errors/app-error";
import { authenticateRequest } from "~/server/rest/authenticate-request";
import { json, queryObject, restHandler } from "~/server/rest/respond";
import { listAuditLogs, ZListAuditLogsInput } from "~/server/services/audit/list-audit-logs";

/**
 * `?actor&action&targetType&targetId&from&to&limit&cursor`; owners and admins (or an admin-scoped API key)
 * only. Newest first, `nextCursor` for the next page.
 */
export const GET = restHandler(async (request: Request) => {
  const auth = await authenticateRequest(request, "audit:read");
  const input = parseInput(ZListAuditLogsInput, queryObject(request));
  return json(await listAuditLogs(auth.org.id, input));
});
