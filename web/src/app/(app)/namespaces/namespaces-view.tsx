"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { FormError } from "~/app/_components/form-error";
import { buttonClass, cardClass, EmptyState, Field, inputClass, PageHeader } from "~/app/_components/ui";
import { useCan } from "~/app/_components/use-can";
import { errorDetails } from "~/app/_lib/error-details";
import { useTRPC } from "~/trpc/react";

export function NamespacesView() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const namespaces = useQuery(trpc.namespaces.list.queryOptions());
  // Hidden for roles that cannot write (viewers); the server refuses them anyway.
  const canWrite = useCan("namespace:write");
  const create = useMutation(
    trpc.namespaces.create.mutationOptions({
      onSuccess: async (ns) => {
        await queryClient.invalidateQueries({ queryKey: trpc.namespaces.list.queryKey() });
        router.push(`/namespaces/${ns.slug}`);
      },
    }),
  );
  const error = errorDetails(create.error);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const slug = String(form.get("slug") ?? "").trim();
    create.mutate({
      name: String(form.get("name") ?? ""),
      slug: slug || undefined,
      description: String(form.get("description") ?? ""),
    });
  }

  return (
    <>
      <PageHeader
        title="Namespaces"
        description="A namespace groups MCP servers behind one endpoint; clients see every server's tools, prefixed by the server name."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <section className="lg:col-span-2" aria-labelledby="namespace-list-heading">
          <h2 id="namespace-list-heading" className="sr-only">
            Your namespaces
          </h2>
          {namespaces.isLoading ? <p className="text-sm text-slate-500">Loading…</p> : null}
          {namespaces.data?.length === 0 ? <EmptyState>No namespaces yet. Create the first one.</EmptyState> : null}
          <ul className="space-y-3">
            {namespaces.data?.map((ns) => (
              <li key={ns.id} className={cardClass}>
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <Link
                    href={`/namespaces/${ns.slug}`}
                    className="text-lg font-semibold text-indigo-700 hover:underline"
                  >
                    {ns.name}
                  </Link>
                  <span className="text-sm text-slate-500">
                    {ns.serverCount} {ns.serverCount === 1 ? "server" : "servers"}
                  </span>
                </div>
                {ns.description ? <p className="mt-1 text-sm text-slate-600">{ns.description}</p> : null}
                <p className="mt-2 break-all font-mono text-xs text-slate-500">{ns.endpointUrl}</p>
              </li>
            ))}
          </ul>
        </section>
        {canWrite ? (
          <section className={cardClass} aria-labelledby="create-namespace-heading">
            <h2 id="create-namespace-heading" className="mb-4 text-lg font-semibold">
              Create namespace
            </h2>
            <form onSubmit={onSubmit} className="space-y-4" noValidate>
              <Field id="namespace-name" label="Namespace name" error={error?.fields.name}>
                <input id="namespace-name" name="name" required className={inputClass} />
              </Field>
              <Field
                id="namespace-slug"
                label="Slug"
                hint="Optional; used in the endpoint URL. Defaults to the name in lowercase."
                error={error?.fields.slug}
              >
                <input id="namespace-slug" name="slug" className={inputClass} />
              </Field>
              <Field id="namespace-description" label="Description" error={error?.fields.description}>
                <textarea id="namespace-description" name="description" rows={2} className={inputClass} />
              </Field>
              <FormError error={error} />
              <button type="submit" className={`${buttonClass} w-full`} disabled={create.isPending}>
                {create.isPending ? "Creating…" : "Create namespace"}
              </button>
            </form>
          </section>
        ) : null}
      </div>
    </>
  );
}
