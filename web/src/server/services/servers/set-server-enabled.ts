import "server-only";
import type { TActor } from "~/server/services/audit/record-audit";
import {
  setEnabledWithAudit,
  type TSetEnabledInput,
  ZSetEnabledInput,
} from "~/server/services/audit/set-enabled-with-audit";
import { serverSelect, type TServer, toServer } from "./server-select";

export const ZSetServerEnabledInput = ZSetEnabledInput;
export type TSetServerEnabledInput = TSetEnabledInput;

export async function setServerEnabled(orgId: string, actor: TActor, input: TSetServerEnabledInput): Promise<TServer> {
  return setEnabledWithAudit(orgId, actor, input, {
    label: "Server",
    auditAction: "server",
    auditTargetType: "mcp_server",
    find: (tx, where) => tx.mcpServer.findFirst({ where, select: { id: true, enabled: true } }),
    update: async (tx, id, enabled) =>
      toServer(await tx.mcpServer.update({ where: { id }, data: { enabled }, select: serverSelect })),
  });
}
