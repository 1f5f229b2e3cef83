"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { CopyButton } from "~/app/_components/copy-button";
import { FormError } from "~/app/_components/form-error";
import {
  buttonClass,
  cardClass,
  dangerButtonClass,
  EmptyState,
  Field,
  inputClass,
  PageHeader,
  secondaryButtonClass,
} from "~/app/_components/ui";
import { errorDetails } from "~/app/_lib/error-details";
import { useTRPC } from "~/trpc/react";

type TScope = "mcp:full" | "mcp:read" | "admin";

const SCOPE_OPTIONS: { value: TScope; label: string }[] = [
  { value: "mcp:full", label: "Full MCP access (list and call tools)" },
  { value: "mcp:read", label: "Read-only MCP (list, no tool calls)" },
  { value: "admin", label: "Admin REST API" },
];

function keyStatus(key: { revokedAt: Date | null; expiresAt: Date | null }): string {
  if (key.revokedAt) return "Revoked";
  if (key.expiresAt && key.expiresAt <= new Date()) return "Expired";
  return "Active";
}

export function ApiKeysView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const namespaces = useQuery(trpc.namespaces.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async (created) => {
        setSecret({ name: created.apiKey.name, value: created.secret });
        await refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: refresh }));
  const error = errorDetails(create.error) ?? errorDetails(revoke.error);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const expires = String(form.get("expiresAt") ?? "");
    create.mutate(
      {
        name: String(form.get("name") ?? ""),
        scopes: [String(form.get("scope") ?? "mcp:full") as TScope],
        namespaceIds: form.getAll("namespaceIds").map(String),
        // End of the chosen day, local time.
        expiresAt: expires ? new Date(`${expires}T23:59:59`) : undefined,
      },
      { onSuccess: () => formElement.reset() },
    );
  }

  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys authenticate MCP clients at the data plane (and, with the admin scope, the REST API). Only a hash is stored."
      />
      {secret ? (
        <section className="mb-6 rounded-lg border border-amber-300 bg-amber-50 p-5" aria-labelledby="new-key-heading">
          <h2 id="new-key-heading" className="font-semibold text-amber-900">
            Copy the key “{secret.name}” now: it will not be shown again
          </h2>
          <div className="mt-3 flex items-center gap-2">
            <label htmlFor="new-api-key" className="sr-only">
              New API key
            </label>
            <input
              id="new-api-key"
              data-testid="new-api-key"
              readOnly
              value={secret.value}
              className={`${inputClass} font-mono`}
              onFocus={(event) => event.currentTarget.select()}
            />
            <CopyButton value={secret.value} />
            <button type="button" className={secondaryButtonClass} onClick={() => setSecret(null)}>
              Done
            </button>
          </div>
        </section>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <section className="lg:col-span-2" aria-labelledby="keys-heading">
          <h2 id="keys-heading" className="sr-only">
            Existing keys
          </h2>
          {keys.data?.length === 0 ? <EmptyState>No API keys yet.</EmptyState> : null}
          {keys.data?.length ? (
            <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <thead className="bg-slate-50 text-left text-xs font-medium uppercase text-slate-500">
                  <tr>
                    <th className="px-4 py-2">Name</th>
                    <th className="px-4 py-2">Prefix</th>
                    <th className="px-4 py-2">Scopes</th>
                    <th className="px-4 py-2">Last used</th>
                    <th className="px-4 py-2">Status</th>
                    <th className="px-4 py-2">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {keys.data.map((key) => {
                    const status = keyStatus(key);
                    return (
                      <tr key={key.id}>
                        <td className="px-4 py-2 font-medium">{key.name}</td>
                        <td className="px-4 py-2 font-mono">{key.prefix}…</td>
                        <td className="px-4 py-2">{key.scopes.join(", ")}</td>
                        <td className="px-4 py-2 text-slate-500">
                          {key.lastUsedAt ? `${key.lastUsedAt.toLocaleString()} (${key.lastUsedIp ?? "?"})` : "Never"}
                        </td>
                        <td className="px-4 py-2">
                          <span className={status === "Active" ? "text-emerald-700" : "text-slate-500"}>{status}</span>
                        </td>
                        <td className="px-4 py-2 text-right">
                          {status === "Active" ? (
                            <button
                              type="button"
                              className={dangerButtonClass}
                              disabled={revoke.isPending}
                              aria-label={`Revoke ${key.name}`}
                              onClick={() => {
                                if (window.confirm(`Revoke "${key.name}"? Clients using it stop working at once.`)) {
                                  revoke.mutate({ id: key.id });
                                }
                              }}
                            >
                              Revoke
                            </button>
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
        <section className={cardClass} aria-labelledby="create-key-heading">
          <h2 id="create-key-heading" className="mb-4 text-lg font-semibold">
            Create API key
          </h2>
          <form onSubmit={onSubmit} className="space-y-4" noValidate>
            <Field id="key-name" label="Key name" error={error?.fields.name}>
              <input id="key-name" name="name" required className={inputClass} placeholder="ci-agent" />
            </Field>
            <Field id="key-scope" label="Scope" error={error?.fields.scopes}>
              <select id="key-scope" name="scope" defaultValue="mcp:full" className={inputClass}>
                {SCOPE_OPTIONS.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              id="key-namespaces"
              label="Limit to namespaces"
              hint="Optional; none selected means every namespace."
              error={error?.fields.namespaceIds}
            >
              <select id="key-namespaces" name="namespaceIds" multiple className={inputClass} size={3}>
                {namespaces.data?.map((ns) => (
                  <option key={ns.id} value={ns.id}>
                    {ns.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="key-expires" label="Expires on" hint="Optional." error={error?.fields.expiresAt}>
              <input id="key-expires" name="expiresAt" type="date" className={inputClass} />
            </Field>
            <FormError error={error} />
            <button type="submit" className={`${buttonClass} w-full`} disabled={create.isPending}>
              {create.isPending ? "Creating…" : "Create API key"}
            </button>
          </form>
        </section>
      </div>
    </>
  );
}
