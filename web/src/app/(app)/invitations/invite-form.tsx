"use client";

import { useMutation } from "@tanstack/react-query";
import { FormError } from "~/app/_components/form-error";
import { buttonClass, cardClass, Field, inputClass } from "~/app/_components/ui";
import { errorDetails } from "~/app/_lib/error-details";
import { canGrant, ROLES, type TRole } from "~/server/auth/permissions";
import { useTRPC } from "~/trpc/react";

export interface TSentLink {
  email: string;
  delivery: "mailed" | "link" | "mail_failed";
  link: string | null;
}

export function InviteForm({ myRole, onSent }: { myRole: TRole; onSent: (sent: TSentLink) => Promise<void> }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.invitations.create.mutationOptions());
  const error = errorDetails(create.error);
  const roles = ROLES.filter((role) => canGrant(myRole, role));

  return (
    <section className={cardClass} aria-labelledby="invite-heading">
      <h2 id="invite-heading" className="mb-4 text-lg font-semibold">
        Invite someone
      </h2>
      <form
        className="space-y-4"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const formElement = event.currentTarget;
          const form = new FormData(formElement);
          create.mutate(
            { email: String(form.get("email") ?? ""), role: String(form.get("role") ?? "member") as TRole },
            {
              onSuccess: async (sent) => {
                formElement.reset();
                await onSent({ email: sent.invitation.email, delivery: sent.delivery, link: sent.link });
              },
            },
          );
        }}
      >
        <Field id="invite-email" label="Email address" error={error?.fields.email}>
          <input id="invite-email" name="email" type="email" required className={inputClass} />
        </Field>
        <Field id="invite-role" label="Role" error={error?.fields.role}>
          <select id="invite-role" name="role" defaultValue="member" className={inputClass}>
            {roles.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </Field>
        <FormError error={error} />
        <button type="submit" className={`${buttonClass} w-full`} disabled={create.isPending}>
          {create.isPending ? "Sending…" : "Send invitation"}
        </button>
      </form>
    </section>
  );
}
