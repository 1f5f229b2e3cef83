import "server-only";
import { createTRPCRouter, orgProcedure } from "~/server/api/trpc";
import { createNamespace, ZCreateNamespaceInput } from "~/server/services/namespaces/create-namespace";
import { deleteNamespace, ZDeleteNamespaceInput } from "~/server/services/namespaces/delete-namespace";
import { namespaceEndpointUrl } from "~/server/services/namespaces/endpoint-url";
import { getNamespace, ZGetNamespaceInput } from "~/server/services/namespaces/get-namespace";
import { listNamespaces } from "~/server/services/namespaces/list-namespaces";
import { updateNamespace, ZUpdateNamespaceInput } from "~/server/services/namespaces/update-namespace";

export const namespacesRouter = createTRPCRouter({
  list: orgProcedure("namespace:read").query(async ({ ctx }) => {
    const namespaces = await listNamespaces(ctx.org.id);
    return namespaces.map((ns) => ({ ...ns, endpointUrl: namespaceEndpointUrl(ctx.org.slug, ns.slug) }));
  }),
  get: orgProcedure("namespace:read")
    .input(ZGetNamespaceInput)
    .query(async ({ ctx, input }) => {
      const ns = await getNamespace(ctx.org.id, input);
      return { ...ns, endpointUrl: namespaceEndpointUrl(ctx.org.slug, ns.slug) };
    }),
  create: orgProcedure("namespace:write")
    .input(ZCreateNamespaceInput)
    .mutation(({ ctx, input }) => createNamespace(ctx.org.id, ctx.actor, input)),
  update: orgProcedure("namespace:write")
    .input(ZUpdateNamespaceInput)
    .mutation(({ ctx, input }) => updateNamespace(ctx.org.id, ctx.actor, input)),
  delete: orgProcedure("namespace:write")
    .input(ZDeleteNamespaceInput)
    .mutation(({ ctx, input }) => deleteNamespace(ctx.org.id, ctx.actor, input)),
});
