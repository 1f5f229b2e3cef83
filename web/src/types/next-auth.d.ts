import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
    /** The org the user is working in; procedures re-check the membership on every call. */
    orgId: string | null;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    orgId?: string | null;
  }
}
