import type { Metadata } from "next";
import { getSessionAuth } from "~/server/auth/session";
import { loadInvitePage } from "~/server/services/invitations/load-invite-page";
import { InviteView } from "./invite-view";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const session = await getSessionAuth();
  const state = await loadInvitePage(token, session?.userId ?? null);
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md">
        <p className="mb-6 text-center text-xl font-bold tracking-tight text-indigo-700">Omnimesh</p>
        <InviteView token={token} state={state} />
      </div>
    </main>
  );
}
