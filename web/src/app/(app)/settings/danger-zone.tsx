"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "~/app/_components/form-error";
import { cardClass, dangerButtonClass, Field, inputClass } from "~/app/_components/ui";
import { errorDetails } from "~/app/_lib/error-details";
import { useSwitchOrg } from "~/app/_lib/use-switch-org";
import { can, type TRole } from "~/server/auth/permissions";
import { useTRPC } from "~/trpc/react";

interface DangerZoneProps {
  org: { id: string; slug: string; name: string };
  role: TRole;
  /** Where the session goes once this org is left or deleted (none: the "no organization" screen). */
  otherOrgIds: string[];
}

export function DangerZone({ org, role, otherOrgIds }: DangerZoneProps) {
  const trpc = useTRPC();
  const switchOrg = useSwitchOrg();
  const [typed, setTyped] = useState("");
  const leaveTo = () => switchOrg(otherOrgIds[0] ?? null);
  const remove = useMutation(trpc.org.delete.mutationOptions({ onSuccess: leaveTo }));
  const leave = useMutation(trpc.org.leave.mutationOptions({ onSuccess: leaveTo }));
  const error = errorDetails(remove.error) ?? errorDetails(leave.error);

  return (
    <section className={`${cardClass} border-red-200`} aria-labelledby="danger-heading">
      <h2 id="danger-heading" className="mb-4 text-lg font-semibold text-red-800">
        Danger zone
      </h2>
      <div className="space-y-6">
        <div>
          <h3 className="font-medium">Leave organization</h3>
          <p className="mb-2 text-sm text-slate-600">
            You lose access at once. The last owner cannot leave: make someone else an owner, or delete the
            organization.
          </p>
          <button
            type="button"
            className={dangerButtonClass}
            disabled={leave.isPending}
            onClick={() => {
              if (window.confirm(`Leave "${org.name}"?`)) leave.mutate();
            }}
          >
            Leave organization
          </button>
        </div>
        {can(role, "org:delete") ? (
          <form
            className="space-y-3 border-t border-red-100 pt-4"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              remove.mutate({ confirmSlug: typed });
            }}
          >
            <h3 className="font-medium">Delete organization</h3>
            <p className="text-sm text-slate-600">
              Deletes every namespace, server, virtual server, policy, API key, invitation, log and membership of “
              {org.name}”. This cannot be undone.
            </p>
            <Field id="confirm-slug" label={`Type ${org.slug} to confirm`} error={error?.fields.confirmSlug}>
              <input
                id="confirm-slug"
                value={typed}
                onChange={(event) => setTyped(event.target.value)}
                autoComplete="off"
                className={inputClass}
              />
            </Field>
            <button type="submit" className={dangerButtonClass} disabled={typed !== org.slug || remove.isPending}>
              {remove.isPending ? "Deleting…" : "Delete organization"}
            </button>
          </form>
        ) : null}
        <FormError error={error} />
      </div>
    </section>
  );
}
