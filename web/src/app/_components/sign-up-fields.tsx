"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import type { TErrorDetails } from "~/app/_lib/error-details";
import { FormError } from "./form-error";
import { buttonClass, Field, inputClass } from "./ui";

// What the sign-up form and the invitation sign-up form share: the name and password fields, the
// error and submit footer, and "create the account, then sign in and go to the dashboard".

export function NameField({ error }: { error: string | undefined }) {
  return (
    <Field id="name" label="Your name" error={error}>
      <input id="name" name="name" autoComplete="name" required className={inputClass} />
    </Field>
  );
}

export function NewPasswordField({ error }: { error: string | undefined }) {
  return (
    <Field id="password" label="Password" hint="At least 8 characters." error={error}>
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
  );
}

export function SignUpFooter({
  error,
  signInError,
  pending,
  label,
}: {
  error: TErrorDetails | null;
  signInError: string | null;
  pending: boolean;
  label: string;
}) {
  return (
    <>
      <FormError error={error} />
      {signInError ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
          {signInError}
        </p>
      ) : null}
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending}>
        {pending ? "Creating account…" : label}
      </button>
    </>
  );
}

/**
 * Runs `createAccount`, then signs the new user in with the same credentials and opens the dashboard.
 * A failed create is left to the caller's mutation error; a failed sign-in sets `signInError`.
 */
export function useSignUpThenSignIn() {
  const router = useRouter();
  const [signInError, setSignInError] = useState<string | null>(null);

  async function run(createAccount: () => Promise<unknown>, email: string, password: string): Promise<void> {
    setSignInError(null);
    try {
      await createAccount();
    } catch {
      return; // shown through the mutation's error
    }
    const result = await signIn("credentials", { email, password, redirect: false });
    if (!result || result.error) {
      setSignInError("Your account was created, but logging in failed. Try the log-in page.");
      return;
    }
    router.replace("/dashboard");
    router.refresh();
  }

  return { signInError, run };
}
