import { parseInput } from "~/server/errors/app-error";
import { authenticateRequest } from "~/server/rest/authenticate-request";
import { json, queryObject, restHandler } from "~/server/rest/respond";
import { listRequestLogs, ZListRequestLogsInput } from "~/server/services/logs/list-request-logs";

/** `?namespaceId&serverId&status&method&limit&cursor`; newest first, `nextCursor` for the next page. */
export const GET = restHandler(async (request: Request) => {
  const auth = await authenticateRequest(request, "logs:read");
  const input = parseInput(ZListRequestLogsInput, queryObject(request));
  return json(await listRequestLogs(auth.org.id, input));
});
