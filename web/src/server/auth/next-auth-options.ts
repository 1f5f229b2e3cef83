import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "~/env";
import { clientIp } from "~/server/auth/client-ip";
import { shouldUseSecureCookies } from "~/server/auth/secure-cookies";
import { AppError, parseInput } from "~/server/errors/app-error";
import { verifyCredentials, ZCredentials } from "~/server/services/auth/verify-credentials";
import { resolveMembership } from "~/server/services/orgs/resolve-membership";

const SESSION_MAX_AGE = 7 * 24 * 60 * 60;

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE },
  // next-auth marks cookies httpOnly + SameSite=Lax; Secure (with a __Secure- prefix) per secure-cookies.ts.
  useSecureCookies: shouldUseSecureCookies(env.NODE_ENV, env.NEXTAUTH_URL),
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers ?? {})) {
          if (typeof value === "string") headers.set(name, value);
        }
        try {
          const user = await verifyCredentials(parseInput(ZCredentials, credentials ?? {}), clientIp(headers));
          return { id: user.id, email: user.email, name: user.name };
        } catch (error) {
          // next-auth reports a thrown Error's message to the client as `error`; keep our stable codes there.
          if (error instanceof AppError) throw new Error(error.code);
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user, trigger, session }) {
      if (user) {
        const membership = await resolveMembership({ userId: user.id, orgId: null, fallbackToFirst: true });
        token.orgId = membership?.org.id ?? null;
      }
      // Switching org: `useSession().update({ orgId })`; only orgs the user belongs to are accepted.
      if (trigger === "update" && token.sub && typeof session?.orgId === "string") {
        const membership = await resolveMembership({ userId: token.sub, orgId: session.orgId });
        if (membership) token.orgId = membership.org.id;
      }
      return token;
    },
    session({ session, token }) {
      session.user = { ...session.user, id: token.sub ?? "" };
      session.orgId = token.orgId ?? null;
      return session;
    },
  },
};
