"use client";

import { useMutation } from "@tanstack/react-query";
import { NameField, NewPasswordField, SignUpFooter, useSignUpThenSignIn } from "~/app/_components/sign-up-fields";
import { Field, inputClass } from "~/app/_components/ui";
import { errorDetails } from "~/app/_lib/error-details";
import { useTRPC } from "~/trpc/react";

/** Creates the account and its membership in the inviting org in one step, then signs in. */
export function InviteSignupForm({ token, email }: { token: string; email: string }) {
  const trpc = useTRPC();
  const signUp = useMutation(trpc.invitations.signUp.mutationOptions());
  const { signInError, run } = useSignUpThenSignIn();
  const error = errorDetails(signUp.error);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    const name = String(form.get("name") ?? "");
    // A new account has exactly one org, the inviting one, so the session starts there.
    await run(() => signUp.mutateAsync({ token, name, password }), email, password);
  }

  const pending = signUp.isPending || signUp.isSuccess;
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field id="invite-signup-email" label="Email" hint="The invitation was sent to this address.">
        <input id="invite-signup-email" value={email} readOnly className={inputClass} />
      </Field>
      <NameField error={error?.fields.name} />
      <NewPasswordField error={error?.fields.password} />
      <SignUpFooter error={error} signInError={signInError} pending={pending} label="Create account and join" />
    </form>
  );
}
