import "server-only";
import { createTRPCRouter, orgProcedure } from "~/server/api/trpc";
import { listRequestLogs, ZListRequestLogsInput } from "~/server/services/logs/list-request-logs";

export const logsRouter = createTRPCRouter({
  list: orgProcedure("logs:read")
    .input(ZListRequestLogsInput)
    .query(({ ctx, input }) => listRequestLogs(ctx.org.id, input)),
});
