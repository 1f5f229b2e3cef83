import "server-only";
import { createTRPCRouter, orgProcedure } from "~/server/api/trpc";
import { createRateLimit, ZCreateRateLimitInput } from "~/server/services/rate-limits/create-rate-limit";
import { deleteRateLimit, ZDeleteRateLimitInput } from "~/server/services/rate-limits/delete-rate-limit";
import { getRateLimit, ZGetRateLimitInput } from "~/server/services/rate-limits/get-rate-limit";
import { listRateLimits, ZListRateLimitsInput } from "~/server/services/rate-limits/list-rate-limits";
import { setRateLimitEnabled, ZSetRateLimitEnabledInput } from "~/server/services/rate-limits/set-rate-limit-enabled";
import { updateRateLimit, ZUpdateRateLimitInput } from "~/server/services/rate-limits/update-rate-limit";

export const rateLimitsRouter = createTRPCRouter({
  list: orgProcedure("rateLimit:read")
    .input(ZListRateLimitsInput)
    .query(({ ctx, input }) => listRateLimits(ctx.org.id, input)),
  get: orgProcedure("rateLimit:read")
    .input(ZGetRateLimitInput)
    .query(({ ctx, input }) => getRateLimit(ctx.org.id, input)),
  create: orgProcedure("rateLimit:write")
    .input(ZCreateRateLimitInput)
    .mutation(({ ctx, input }) => createRateLimit(ctx.org.id, ctx.actor, input)),
  update: orgProcedure("rateLimit:write")
    .input(ZUpdateRateLimitInput)
    .mutation(({ ctx, input }) => updateRateLimit(ctx.org.id, ctx.actor, input)),
  setEnabled: orgProcedure("rateLimit:write")
    .input(ZSetRateLimitEnabledInput)
    .mutation(({ ctx, input }) => setRateLimitEnabled(ctx.org.id, ctx.actor, input)),
  delete: orgProcedure("rateLimit:write")
    .input(ZDeleteRateLimitInput)
    .mutation(({ ctx, input }) => deleteRateLimit(ctx.org.id, ctx.actor, input)),
});
