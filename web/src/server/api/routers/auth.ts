import "server-only";
import { createTRPCRouter, publicProcedure } from "~/server/api/trpc";
import { signUp, ZSignUpInput } from "~/server/services/auth/sign-up";

export const authRouter = createTRPCRouter({
  /** Creates the account; the client then signs in through next-auth with the same credentials. */
  signup: publicProcedure.input(ZSignUpInput).mutation(async ({ ctx, input }) => {
    const { user, org, role } = await signUp(input, ctx.ip);
    return { user, org, role };
  }),
});
