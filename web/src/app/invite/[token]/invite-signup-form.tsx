"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { FormError } from "~/app/_components/form-error";
import { buttonClass, Field, inputClass } from "~/app/_components/ui";
import { errorDetails } from "~/app/_lib/error-details";
import { useTRPC } from "~/trpc/react";

/** Creates the account and its membership in the inviting org in one step, then signs in. */
export function InviteSignupForm({ token, email }: { token: string; email: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [signInError, setSignInError] = useState<string | null>(null);
  const signUp = useMutation(trpc.invitations.signUp.mutationOptions());
  const error = errorDetails(signUp.error);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    setSignInError(null);
    try {
      await signUp.mutateAsync({ token, name: String(form.get("name") ?? ""), password });
    } catch {
      return; // shown through signUp.error
    }
    // A new account has exactly one org, the inviting one, so the session starts there.
    const result = await signIn("credentials", { email, password, redirect: false });
    if (!result || result.error) {
      setSignInError("Your account was created, but logging in failed. Try the log-in page.");
      return;
    }
    router.replace("/dashboard");
    router.refresh();
  }

  const pending = signUp.isPending || signUp.isSuccess;
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field id="invite-signup-email" label="Email" hint="The invitation was sent to this address.">
        <input id="invite-signup-email" value={email} readOnly className={inputClass} />
      </Field>
      <Field id="name" label="Your name" error={error?.fields.name}>
        <input id="name" name="name" autoComplete="name" required className={inputClass} />
      </Field>
      <Field id="password" label="Password" hint="At least 8 characters." error={error?.fields.password}>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          className={inputClass}
        />
      </Field>
      <FormError error={error} />
      {signInError ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
          {signInError}
        </p>
      ) : null}
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending}>
        {pending ? "Creating account…" : "Create account and join"}
      </button>
    </form>
  );
}
