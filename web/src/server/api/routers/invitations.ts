import "server-only";
import { createTRPCRouter, orgProcedure, protectedProcedure, publicProcedure } from "~/server/api/trpc";
import { acceptInvitation } from "~/server/services/invitations/accept-invitation";
import { createInvitation, ZCreateInvitationInput } from "~/server/services/invitations/create-invitation";
import { listInvitations } from "~/server/services/invitations/list-invitations";
import { previewInvitation, ZInvitationTokenInput } from "~/server/services/invitations/preview-invitation";
import { resendInvitation, ZResendInvitationInput } from "~/server/services/invitations/resend-invitation";
import { revokeInvitation, ZRevokeInvitationInput } from "~/server/services/invitations/revoke-invitation";
import {
  signUpWithInvitation,
  ZSignUpWithInvitationInput,
} from "~/server/services/invitations/sign-up-with-invitation";

export const invitationsRouter = createTRPCRouter({
  list: orgProcedure("invite:manage").query(({ ctx }) => listInvitations(ctx.org.id)),
  create: orgProcedure("invite:manage")
    .input(ZCreateInvitationInput)
    .mutation(({ ctx, input }) => createInvitation(ctx.org, ctx.actor, ctx.role, input)),
  resend: orgProcedure("invite:manage")
    .input(ZResendInvitationInput)
    .mutation(({ ctx, input }) => resendInvitation(ctx.org, ctx.actor, ctx.role, input)),
  revoke: orgProcedure("invite:manage")
    .input(ZRevokeInvitationInput)
    .mutation(({ ctx, input }) => revokeInvitation(ctx.org.id, ctx.actor, input)),

  // The invitee's side: the token in the link is the credential, so these need no org membership.
  preview: publicProcedure.input(ZInvitationTokenInput).query(({ input }) => previewInvitation(input)),
  accept: protectedProcedure
    .input(ZInvitationTokenInput)
    .mutation(({ ctx, input }) =>
      acceptInvitation(ctx.userId, { apiKeyId: null, ip: ctx.ip, userAgent: ctx.userAgent }, input),
    ),
  signUp: publicProcedure
    .input(ZSignUpWithInvitationInput)
    .mutation(({ ctx, input }) =>
      signUpWithInvitation(input, { apiKeyId: null, ip: ctx.ip, userAgent: ctx.userAgent }),
    ),
});
