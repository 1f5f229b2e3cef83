"use client";

import { useMutation } from "@tanstack/react-query";
import { FormError } from "~/app/_components/form-error";
import { buttonClass, Field, inputClass } from "~/app/_components/ui";
import { errorDetails } from "~/app/_lib/error-details";
import { useSwitchOrg } from "~/app/_lib/use-switch-org";
import { useTRPC } from "~/trpc/react";

/** Creates an org owned by the caller and switches the session to it. */
export function NewOrgForm() {
  const trpc = useTRPC();
  const switchOrg = useSwitchOrg();
  const create = useMutation(trpc.org.create.mutationOptions({ onSuccess: (org) => switchOrg(org.id) }));
  const error = errorDetails(create.error);
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate({ name: String(new FormData(event.currentTarget).get("name") ?? "") });
      }}
    >
      <Field id="new-org-name" label="Organization name" error={error?.fields.name}>
        <input id="new-org-name" name="name" required maxLength={100} className={inputClass} />
      </Field>
      <FormError error={error} />
      <button type="submit" className={buttonClass} disabled={create.isPending || create.isSuccess}>
        {create.isPending || create.isSuccess ? "Creating…" : "Create organization"}
      </button>
    </form>
  );
}
