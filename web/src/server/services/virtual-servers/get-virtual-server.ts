import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { type TVirtualServer, toVirtualServer, virtualServerSelect } from "./virtual-server-select";

export const ZGetVirtualServerInput = z.object({ id: ZObjectId });
export type TGetVirtualServerInput = z.output<typeof ZGetVirtualServerInput>;

/** Another org's virtual server is NOT_FOUND like a missing one. */
export async function getVirtualServer(orgId: string, input: TGetVirtualServerInput): Promise<TVirtualServer> {
  const row = await db.virtualServer.findFirst({ where: { id: input.id, orgId }, select: virtualServerSelect });
  if (!row) throw AppError.notFound("Virtual server");
  return toVirtualServer(row);
}
