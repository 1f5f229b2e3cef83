import "server-only";
import { createTRPCRouter, orgProcedure } from "~/server/api/trpc";
import { listAuditLogs, ZListAuditLogsInput } from "~/server/services/audit/list-audit-logs";

export const auditRouter = createTRPCRouter({
  list: orgProcedure("audit:read")
    .input(ZListAuditLogsInput)
    .query(({ ctx, input }) => listAuditLogs(ctx.org.id, input)),
});
