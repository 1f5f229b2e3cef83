import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { serverSelect, type TServer, toServer } from "./server-select";

export const ZGetServerInput = z.object({ id: ZObjectId });
export type TGetServerInput = z.output<typeof ZGetServerInput>;

export async function getServer(orgId: string, input: TGetServerInput): Promise<TServer> {
  const row = await db.mcpServer.findFirst({ where: { id: input.id, orgId }, select: serverSelect });
  if (!row) throw AppError.notFound("Server");
  return toServer(row);
}
