"use client";

import { useMutation } from "@tanstack/react-query";
import { FormError } from "~/app/_components/form-error";
import { buttonClass, cardClass, Field, inputClass, labelClass } from "~/app/_components/ui";
import { errorDetails } from "~/app/_lib/error-details";
import { useTRPC } from "~/trpc/react";
import { SCOPE_LEVELS, type TScopeLevel } from "./api-key-labels";

interface CreateApiKeyFormProps {
  namespaces: { id: string; name: string }[];
  /** Owners and admins only. */
  allowAdmin: boolean;
  onCreated: (created: { name: string; secret: string }) => Promise<void>;
}

export function CreateApiKeyForm({ namespaces, allowAdmin, onCreated }: CreateApiKeyFormProps) {
  const trpc = useTRPC();
  const create = useMutation(trpc.apiKeys.create.mutationOptions());
  const error = errorDetails(create.error);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const expires = String(form.get("expiresAt") ?? "");
    create.mutate(
      {
        name: String(form.get("name") ?? ""),
        scopes: [String(form.get("scope") ?? "mcp:full") as TScopeLevel],
        namespaceIds: form.getAll("namespaceIds").map(String),
        // End of the chosen day, local time.
        expiresAt: expires ? new Date(`${expires}T23:59:59`) : undefined,
      },
      {
        onSuccess: async (created) => {
          formElement.reset();
          await onCreated({ name: created.apiKey.name, secret: created.secret });
        },
      },
    );
  }

  return (
    <section className={cardClass} aria-labelledby="create-key-heading">
      <h2 id="create-key-heading" className="mb-4 text-lg font-semibold">
        Create API key
      </h2>
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field id="key-name" label="Key name" error={error?.fields.name}>
          <input id="key-name" name="name" required className={inputClass} placeholder="ci-agent" />
        </Field>
        <Field id="key-scope" label="Access" error={error?.fields.scopes}>
          <select id="key-scope" name="scope" defaultValue="mcp:full" className={inputClass}>
            {SCOPE_LEVELS.filter((level) => allowAdmin || level.value !== "admin").map((level) => (
              <option key={level.value} value={level.value}>
                {level.label} — {level.hint}
              </option>
            ))}
          </select>
        </Field>
        <fieldset className="space-y-1" aria-describedby="key-namespaces-hint">
          <legend className={labelClass}>Namespaces</legend>
          {namespaces.length === 0 ? <p className="text-sm text-slate-500">No namespaces yet.</p> : null}
          {namespaces.map((ns) => (
            <label key={ns.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="namespaceIds" value={ns.id} />
              {ns.name}
            </label>
          ))}
          <p id="key-namespaces-hint" className="text-xs text-slate-500">
            None checked means every namespace, including future ones.
          </p>
          {error?.fields.namespaceIds ? <p className="text-xs text-red-600">{error.fields.namespaceIds}</p> : null}
        </fieldset>
        <Field id="key-expires" label="Expires on" hint="Optional." error={error?.fields.expiresAt}>
          <input id="key-expires" name="expiresAt" type="date" className={inputClass} />
        </Field>
        <FormError error={error} />
        <button type="submit" className={`${buttonClass} w-full`} disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create API key"}
        </button>
      </form>
    </section>
  );
}
