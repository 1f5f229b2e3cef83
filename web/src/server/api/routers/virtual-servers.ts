import "server-only";
import { createTRPCRouter, orgProcedure } from "~/server/api/trpc";
import {
  createVirtualServer,
  ZCreateVirtualServerInput,
} from "~/server/services/virtual-servers/create-virtual-server";
import {
  deleteVirtualServer,
  ZDeleteVirtualServerInput,
} from "~/server/services/virtual-servers/delete-virtual-server";
import { getVirtualServer, ZGetVirtualServerInput } from "~/server/services/virtual-servers/get-virtual-server";
import {
  listEntrySuggestions,
  ZListEntrySuggestionsInput,
} from "~/server/services/virtual-servers/list-entry-suggestions";
import { listVirtualServers, ZListVirtualServersInput } from "~/server/services/virtual-servers/list-virtual-servers";
import {
  updateVirtualServer,
  ZUpdateVirtualServerInput,
} from "~/server/services/virtual-servers/update-virtual-server";

export const virtualServersRouter = createTRPCRouter({
  list: orgProcedure("virtualServer:read")
    .input(ZListVirtualServersInput)
    .query(({ ctx, input }) => listVirtualServers(ctx.org.id, input)),
  get: orgProcedure("virtualServer:read")
    .input(ZGetVirtualServerInput)
    .query(({ ctx, input }) => getVirtualServer(ctx.org.id, input)),
  suggestions: orgProcedure("virtualServer:read")
    .input(ZListEntrySuggestionsInput)
    .query(({ ctx, input }) => listEntrySuggestions(ctx.org.id, input)),
  create: orgProcedure("virtualServer:write")
    .input(ZCreateVirtualServerInput)
    .mutation(({ ctx, input }) => createVirtualServer(ctx.org.id, ctx.actor, input)),
  update: orgProcedure("virtualServer:write")
    .input(ZUpdateVirtualServerInput)
    .mutation(({ ctx, input }) => updateVirtualServer(ctx.org.id, ctx.actor, input)),
  delete: orgProcedure("virtualServer:write")
    .input(ZDeleteVirtualServerInput)
    .mutation(({ ctx, input }) => deleteVirtualServer(ctx.org.id, ctx.actor, input)),
});
