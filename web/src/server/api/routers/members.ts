import "server-only";
import { createTRPCRouter, orgProcedure } from "~/server/api/trpc";
import { listMembers } from "~/server/services/members/list-members";
import { removeMember, ZRemoveMemberInput } from "~/server/services/members/remove-member";
import { updateMemberRole, ZUpdateMemberRoleInput } from "~/server/services/members/update-member-role";

export const membersRouter = createTRPCRouter({
  list: orgProcedure("org:read").query(({ ctx }) => listMembers(ctx.org.id)),
  updateRole: orgProcedure("member:manage")
    .input(ZUpdateMemberRoleInput)
    .mutation(({ ctx, input }) => updateMemberRole(ctx.org.id, ctx.actor, ctx.role, input)),
  remove: orgProcedure("member:manage")
    .input(ZRemoveMemberInput)
    .mutation(({ ctx, input }) => removeMember(ctx.org.id, ctx.actor, ctx.role, input)),
});
