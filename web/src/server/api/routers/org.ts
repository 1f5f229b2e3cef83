import "server-only";
import { createTRPCRouter, orgProcedure } from "~/server/api/trpc";
import { listUserOrgs } from "~/server/services/orgs/list-user-orgs";

export const orgRouter = createTRPCRouter({
  /** The org the session works in, the caller's role there, and every org they can switch to. */
  current: orgProcedure("org:read").query(async ({ ctx }) => ({
    org: ctx.org,
    role: ctx.role,
    user: { id: ctx.userId, email: ctx.actor.email },
    orgs: await listUserOrgs(ctx.userId),
  })),
});
