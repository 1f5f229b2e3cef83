import "server-only";
import { createTRPCRouter, orgProcedure } from "~/server/api/trpc";
import { can } from "~/server/auth/permissions";
import { createApiKey, ZCreateApiKeyInput } from "~/server/services/api-keys/create-api-key";
import { listApiKeys } from "~/server/services/api-keys/list-api-keys";
import { renameApiKey, ZRenameApiKeyInput } from "~/server/services/api-keys/rename-api-key";
import { revokeApiKey, ZRevokeApiKeyInput } from "~/server/services/api-keys/revoke-api-key";
import { rotateApiKey, ZRotateApiKeyInput } from "~/server/services/api-keys/rotate-api-key";

export const apiKeysRouter = createTRPCRouter({
  list: orgProcedure("apiKey:read").query(({ ctx }) => listApiKeys(ctx.org.id)),
  /** Returns the secret once; only its hash is stored. */
  create: orgProcedure("apiKey:write")
    .input(ZCreateApiKeyInput)
    .mutation(({ ctx, input }) =>
      createApiKey(ctx.org.id, ctx.actor, input, { allowAdminScope: can(ctx.role, "apiKey:manage") }),
    ),
  rename: orgProcedure("apiKey:write")
    .input(ZRenameApiKeyInput)
    .mutation(({ ctx, input }) =>
      renameApiKey(ctx.org.id, ctx.actor, input, { onlyOwnKeys: !can(ctx.role, "apiKey:manage") }),
    ),
  /** A new secret for the same key, returned once; the old one stops working at once. */
  rotate: orgProcedure("apiKey:write")
    .input(ZRotateApiKeyInput)
    .mutation(({ ctx, input }) =>
      rotateApiKey(ctx.org.id, ctx.actor, input, { onlyOwnKeys: !can(ctx.role, "apiKey:manage") }),
    ),
  revoke: orgProcedure("apiKey:write")
    .input(ZRevokeApiKeyInput)
    .mutation(({ ctx, input }) =>
      revokeApiKey(ctx.org.id, ctx.actor, input, { onlyOwnKeys: !can(ctx.role, "apiKey:manage") }),
    ),
});
