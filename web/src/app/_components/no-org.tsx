"use client";

import { signOut } from "next-auth/react";
import { NewOrgForm } from "./new-org-form";
import { cardClass, secondaryButtonClass } from "./ui";

/** Shown instead of the app to a signed-in user who belongs to no org (they left or deleted every one). */
export function NoOrg() {
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <div className={cardClass}>
        <h1 className="mb-2 text-2xl font-semibold">You are not in any organization</h1>
        <p className="mb-6 text-sm text-slate-600">
          Create a new organization, or open an invitation link an admin sent you.
        </p>
        <NewOrgForm />
        <button
          type="button"
          className={`${secondaryButtonClass} mt-6`}
          onClick={() => signOut({ callbackUrl: "/login" })}
        >
          Log out
        </button>
      </div>
    </main>
  );
}
