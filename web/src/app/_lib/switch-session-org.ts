import { getCsrfToken } from "next-auth/react";

/**
 * Stores the active org in the session cookie: the same request next-auth's `useSession().update({ orgId })`
 * sends, without needing a SessionProvider. The jwt callback accepts only orgs the user belongs to.
 */
export async function switchSessionOrg(orgId: string): Promise<void> {
  const csrfToken = await getCsrfToken();
  const response = await fetch("/api/auth/session", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ csrfToken, data: { orgId } }),
  });
  if (!response.ok) throw new Error("Could not switch organization");
}
