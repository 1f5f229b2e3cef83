"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { FormError } from "~/app/_components/form-error";
import { buttonClass, cardClass, Field, inputClass } from "~/app/_components/ui";
import { errorDetails } from "~/app/_lib/error-details";
import { useTRPC } from "~/trpc/react";

export function SignupForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [signInError, setSignInError] = useState<string | null>(null);
  const signup = useMutation(trpc.auth.signup.mutationOptions());
  const error = errorDetails(signup.error);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    const orgName = String(form.get("orgName") ?? "").trim();
    setSignInError(null);
    try {
      await signup.mutateAsync({
        name: String(form.get("name") ?? ""),
        email,
        password,
        orgName: orgName || undefined,
      });
    } catch {
      return; // shown through signup.error
    }
    const result = await signIn("credentials", { email, password, redirect: false });
    if (!result || result.error) {
      setSignInError("Your account was created, but logging in failed. Try the log-in page.");
      return;
    }
    router.replace("/dashboard");
    router.refresh();
  }

  const pending = signup.isPending || signup.isSuccess;
  return (
    <div className={cardClass}>
      <h1 className="mb-6 text-2xl font-semibold">Create your account</h1>
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field id="name" label="Your name" error={error?.fields.name}>
          <input id="name" name="name" autoComplete="name" required className={inputClass} />
        </Field>
        <Field id="email" label="Email" error={error?.fields.email}>
          <input id="email" name="email" type="email" autoComplete="email" required className={inputClass} />
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
        <Field
          id="orgName"
          label="Organization name"
          hint="Optional; you can rename it later."
          error={error?.fields.orgName}
        >
          <input id="orgName" name="orgName" autoComplete="organization" className={inputClass} />
        </Field>
        <FormError error={error} />
        {signInError ? (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
            {signInError}
          </p>
        ) : null}
        <button type="submit" className={`${buttonClass} w-full`} disabled={pending}>
          {pending ? "Creating account…" : "Create account"}
        </button>
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
