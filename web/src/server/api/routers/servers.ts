import "server-only";
import { createTRPCRouter, orgProcedure } from "~/server/api/trpc";
import { createServer, ZCreateServerInput } from "~/server/services/servers/create-server";
import { deleteServer, ZDeleteServerInput } from "~/server/services/servers/delete-server";
import { getServer, ZGetServerInput } from "~/server/services/servers/get-server";
import { getServerDetails, ZGetServerDetailsInput } from "~/server/services/servers/get-server-details";
import { listServers, ZListServersInput } from "~/server/services/servers/list-servers";
import { setServerEnabled, ZSetServerEnabledInput } from "~/server/services/servers/set-server-enabled";
import { updateServer, ZUpdateServerInput } from "~/server/services/servers/update-server";

export const serversRouter = createTRPCRouter({
  list: orgProcedure("server:read")
    .input(ZListServersInput)
    .query(({ ctx, input }) => listServers(ctx.org.id, input)),
  get: orgProcedure("server:read")
    .input(ZGetServerInput)
    .query(({ ctx, input }) => getServer(ctx.org.id, input)),
  details: orgProcedure("server:read")
    .input(ZGetServerDetailsInput)
    .query(({ ctx, input }) => getServerDetails(ctx.org.id, input)),
  create: orgProcedure("server:write")
    .input(ZCreateServerInput)
    .mutation(({ ctx, input }) => createServer(ctx.org.id, ctx.actor, input)),
  update: orgProcedure("server:write")
    .input(ZUpdateServerInput)
    .mutation(({ ctx, input }) => updateServer(ctx.org.id, ctx.actor, input)),
  setEnabled: orgProcedure("server:write")
    .input(ZSetServerEnabledInput)
    .mutation(({ ctx, input }) => setServerEnabled(ctx.org.id, ctx.actor, input)),
  delete: orgProcedure("server:write")
    .input(ZDeleteServerInput)
    .mutation(({ ctx, input }) => deleteServer(ctx.org.id, ctx.actor, input)),
});
