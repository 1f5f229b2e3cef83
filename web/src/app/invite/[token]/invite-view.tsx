"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { signOut } from "next-auth/react";
import { FormError } from "~/app/_components/form-error";
import { buttonClass, cardClass, secondaryButtonClass } from "~/app/_components/ui";
import { errorDetails } from "~/app/_lib/error-details";
import { useSwitchOrg } from "~/app/_lib/use-switch-org";
import type { TInvitePageState } from "~/server/services/invitations/load-invite-page";
import { useTRPC } from "~/trpc/react";
import { InviteSignupForm } from "./invite-signup-form";

const UNUSABLE: Record<string, { title: string; text: string }> = {
  accepted: { title: "This invitation has already been used", text: "Each invitation link works once." },
  revoked: { title: "This invitation was revoked", text: "Ask an admin of the organization for a new one." },
  expired: { title: "This invitation has expired", text: "Ask an admin of the organization to resend it." },
};

function Problem({ title, text }: { title: string; text: string }) {
  return (
    <div className={cardClass} role="alert">
      <h1 className="mb-2 text-xl font-semibold text-red-800">{title}</h1>
      <p className="text-sm text-slate-600">{text}</p>
      <Link href="/login" className="mt-4 inline-block text-sm font-medium text-indigo-600 hover:underline">
        Go to log in
      </Link>
    </div>
  );
}

export function InviteView({ token, state }: { token: string; state: TInvitePageState }) {
  const trpc = useTRPC();
  const switchOrg = useSwitchOrg();
  const accept = useMutation(trpc.invitations.accept.mutationOptions({ onSuccess: ({ org }) => switchOrg(org.id) }));
  const error = errorDetails(accept.error);

  if (state.kind === "invalid") return <Problem title="This invitation link is not valid" text={state.message} />;
  const { invitation, signedInEmail } = state;
  const unusable = UNUSABLE[invitation.status];
  if (unusable) return <Problem {...unusable} />;
  const here = `/invite/${token}`;

  return (
    <div className={cardClass}>
      <h1 className="mb-2 text-2xl font-semibold">Join {invitation.org.name}</h1>
      <p className="mb-6 text-sm text-slate-600">
        You are invited as <strong data-testid="invite-role">{invitation.role}</strong> ({invitation.email}). The
        invitation expires on {invitation.expiresAt.toLocaleString()}.
      </p>
      {signedInEmail && signedInEmail === invitation.email ? (
        <>
          <FormError error={error} />
          <button
            type="button"
            className={`${buttonClass} w-full`}
            disabled={accept.isPending || accept.isSuccess}
            onClick={() => accept.mutate({ token })}
          >
            {accept.isPending || accept.isSuccess ? "Joining…" : "Accept invitation"}
          </button>
        </>
      ) : signedInEmail ? (
        <div role="alert" className="space-y-3 text-sm">
          <p className="rounded-md bg-red-50 p-3 text-red-700">
            This invitation is for {invitation.email}, but you are signed in as {signedInEmail}.
          </p>
          <button type="button" className={secondaryButtonClass} onClick={() => signOut({ callbackUrl: here })}>
            Log out and continue as {invitation.email}
          </button>
        </div>
      ) : invitation.accountExists ? (
        <Link href={`/login?callbackUrl=${encodeURIComponent(here)}`} className={`${buttonClass} w-full`}>
          Log in to accept
        </Link>
      ) : (
        <InviteSignupForm token={token} email={invitation.email} />
      )}
    </div>
  );
}
