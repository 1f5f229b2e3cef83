import "server-only";
import { createTRPCRouter, orgProcedure } from "~/server/api/trpc";
import { can } from "~/server/auth/permissions";
import { createApiKey, ZCreateApiKeyInput } from "~/server/services/api-keys/create-api-key";
import { listApiKeys } from "~/server/services/api-keys/list-api-keys";
import { revokeApiKey, ZRevokeApiKeyInput } from "~/server/services/api-keys/revoke-api-key";

export const apiKeysRouter = createTRPCRouter({
  list: orgProcedure("apiKey:read").query(({ ctx }) => listApiKeys(ctx.org.id)),
  /** Returns the secret once; only its hash is stored. */
  create: orgProcedure("apiKey:write")
    .input(ZCreateApiKeyInput)
    .mutation(({ ctx, input }) =>
      createApiKey(ctx.org.id, ctx.actor, input, { allowAdminScope: can(ctx.role, "apiKey:manage") }),
    ),
  revoke: orgProcedure("apiKey:write")
    .input(ZRevokeApiKeyInput)
    .mutation(({ ctx, input }) =>
      revokeApiKey(ctx.org.id, ctx.actor, input, { onlyOwnKeys: !can(ctx.role, "apiKey:manage") }),
    ),
});
