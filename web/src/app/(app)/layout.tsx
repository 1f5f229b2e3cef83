import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { Nav } from "~/app/_components/nav";
import { NoOrg } from "~/app/_components/no-org";
import { getSessionAuth } from "~/server/auth/session";
import { listUserOrgs } from "~/server/services/orgs/list-user-orgs";
import { resolveMembership } from "~/server/services/orgs/resolve-membership";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await getSessionAuth();
  if (!session) redirect("/login");
  const membership = await resolveMembership({ userId: session.userId, orgId: session.orgId, fallbackToFirst: true });
  // Signed in but in no org (left or deleted every one): offer to create one rather than loop via /login.
  if (!membership) return <NoOrg />;
  const orgs = await listUserOrgs(session.userId);
  return (
    <div className="min-h-screen">
      <Nav
        orgName={membership.org.name}
        email={membership.user.email}
        role={membership.role}
        orgId={membership.org.id}
        orgs={orgs}
      />
      <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
