import "server-only";
import { createTRPCRouter, orgProcedure, protectedProcedure } from "~/server/api/trpc";
import { leaveOrg } from "~/server/services/members/leave-org";
import { createOrg, ZCreateOrgInput } from "~/server/services/orgs/create-org";
import { deleteOrg, ZDeleteOrgInput } from "~/server/services/orgs/delete-org";
import { listUserOrgs } from "~/server/services/orgs/list-user-orgs";
import { ZSwitchOrgInput } from "~/server/services/orgs/org-select";
import { switchOrg } from "~/server/services/orgs/switch-org";
import { updateOrg, ZUpdateOrgInput } from "~/server/services/orgs/update-org";

export const orgRouter = createTRPCRouter({
  /** The org the session works in, the caller's role there, and every org they can switch to. */
  current: orgProcedure("org:read").query(async ({ ctx }) => ({
    org: ctx.org,
    role: ctx.role,
    user: { id: ctx.userId, email: ctx.actor.email },
    orgs: await listUserOrgs(ctx.userId),
  })),
  /** `org:create` is granted to every role and needs no current org, so it runs on any session. */
  create: protectedProcedure
    .input(ZCreateOrgInput)
    .mutation(({ ctx, input }) => createOrg(ctx.userId, { ip: ctx.ip, userAgent: ctx.userAgent }, input)),
  update: orgProcedure("org:update")
    .input(ZUpdateOrgInput)
    .mutation(({ ctx, input }) => updateOrg(ctx.org.id, ctx.actor, input)),
  delete: orgProcedure("org:delete")
    .input(ZDeleteOrgInput)
    .mutation(({ ctx, input }) => deleteOrg(ctx.org.id, ctx.actor, input)),
  leave: orgProcedure("org:leave").mutation(({ ctx }) => leaveOrg(ctx.org.id, ctx.userId, ctx.actor)),
  /**
   * Checks that the caller may switch to the org; the client then stores it in the session with next-auth's
   * `update({ orgId })`, whose jwt callback checks the membership again.
   */
  switch: protectedProcedure.input(ZSwitchOrgInput).mutation(async ({ ctx, input }) => {
    const membership = await switchOrg(ctx.userId, input.orgId);
    return { org: membership.org, role: membership.role };
  }),
});
