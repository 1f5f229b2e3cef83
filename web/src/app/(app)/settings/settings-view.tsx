"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { FormError } from "~/app/_components/form-error";
import { buttonClass, cardClass, Field, inputClass, PageHeader } from "~/app/_components/ui";
import { errorDetails } from "~/app/_lib/error-details";
import { can } from "~/server/auth/permissions";
import { useTRPC } from "~/trpc/react";
import { DangerZone } from "./danger-zone";

export function SettingsView() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.org.current.queryOptions());
  const rename = useMutation(
    trpc.org.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.org.current.queryKey() });
        router.refresh(); // the header shows the name too
      },
    }),
  );
  const error = errorDetails(rename.error);
  if (!current.data) return <p className="text-sm text-slate-500">Loading…</p>;
  const { org, role, orgs } = current.data;
  const canRename = can(role, "org:update");

  return (
    <>
      <PageHeader title="Organization settings" description={`Slug: ${org.slug} · your role: ${role}`} />
      <div className="grid gap-6 lg:grid-cols-2">
        <section className={cardClass} aria-labelledby="rename-heading">
          <h2 id="rename-heading" className="mb-4 text-lg font-semibold">
            Name
          </h2>
          <form
            className="space-y-4"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              rename.mutate({ name: String(new FormData(event.currentTarget).get("name") ?? "") });
            }}
          >
            <Field
              id="org-name"
              label="Organization name"
              hint="The slug stays the same: it is part of every MCP endpoint URL."
              error={error?.fields.name}
            >
              <input
                id="org-name"
                name="name"
                defaultValue={org.name}
                disabled={!canRename}
                maxLength={100}
                className={inputClass}
              />
            </Field>
            <FormError error={error} />
            {canRename ? (
              <button type="submit" className={buttonClass} disabled={rename.isPending}>
                {rename.isPending ? "Saving…" : "Rename"}
              </button>
            ) : (
              <p className="text-sm text-slate-500">Only owners and admins can rename the organization.</p>
            )}
          </form>
        </section>
        <DangerZone org={org} role={role} otherOrgIds={orgs.filter((o) => o.id !== org.id).map((o) => o.id)} />
      </div>
    </>
  );
}
