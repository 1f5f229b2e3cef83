import "server-only";
import { getServerSession } from "next-auth";
import { authOptions } from "~/server/auth/next-auth-options";

export interface TSessionAuth {
  userId: string;
  orgId: string | null;
}

/** The signed-in web user (from the next-auth JWT cookie), or null. */
export async function getSessionAuth(): Promise<TSessionAuth | null> {
  const session = await getServerSession(authOptions);
  if (!session?.user?.id) return null;
  return { userId: session.user.id, orgId: session.orgId };
}
