"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { NameField, NewPasswordField, SignUpFooter, useSignUpThenSignIn } from "~/app/_components/sign-up-fields";
import { cardClass, Field, inputClass } from "~/app/_components/ui";
import { errorDetails } from "~/app/_lib/error-details";
import { useTRPC } from "~/trpc/react";

export function SignupForm() {
  const trpc = useTRPC();
  const signup = useMutation(trpc.auth.signup.mutationOptions());
  const { signInError, run } = useSignUpThenSignIn();
  const error = errorDetails(signup.error);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    const orgName = String(form.get("orgName") ?? "").trim();
    const name = String(form.get("name") ?? "");
    await run(() => signup.mutateAsync({ name, email, password, orgName: orgName || undefined }), email, password);
  }

  const pending = signup.isPending || signup.isSuccess;
  return (
    <div className={cardClass}>
      <h1 className="mb-6 text-2xl font-semibold">Create your account</h1>
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <NameField error={error?.fields.name} />
        <Field id="email" label="Email" error={error?.fields.email}>
          <input id="email" name="email" type="email" autoComplete="email" required className={inputClass} />
        </Field>
        <NewPasswordField error={error?.fields.password} />
        <Field
          id="orgName"
          label="Organization name"
          hint="Optional; you can rename it later."
          error={error?.fields.orgName}
        >
          <input id="orgName" name="orgName" autoComplete="organization" className={inputClass} />
        </Field>
        <SignUpFooter error={error} signInError={signInError} pending={pending} label="Create account" />
      </form>
      <p className="mt-6 text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/login" className="font-medium text-indigo-600 hover:underline">
          Log in
        </Link>
      </p>
    </div>
  );
}
