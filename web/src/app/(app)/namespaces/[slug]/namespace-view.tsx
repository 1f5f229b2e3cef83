"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { CopyableUrl } from "~/app/_components/copy-button";
import { NotFoundCard } from "~/app/_components/not-found-card";
import { cardClass, dangerButtonClass, PageHeader, secondaryButtonClass } from "~/app/_components/ui";
import { useCan } from "~/app/_components/use-can";
import { useTRPC } from "~/trpc/react";
import { ClientConfig } from "./client-config";
import { RegisterServerForm } from "./register-server-form";
import { ServerList } from "./server-list";

export function NamespaceView({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const namespace = useQuery(trpc.namespaces.get.queryOptions({ slug }, { retry: false }));
  // Hidden for roles that cannot write (viewers); the server refuses them anyway.
  const canWriteNamespace = useCan("namespace:write");
  const canWriteServers = useCan("server:write");
  const remove = useMutation(
    trpc.namespaces.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.namespaces.list.queryKey() });
        router.push("/namespaces");
      },
    }),
  );

  if (namespace.isLoading) return <p className="text-sm text-slate-500">Loading…</p>;
  if (!namespace.data) {
    return <NotFoundCard title="Namespace not found" backHref="/namespaces" backLabel="Back to namespaces" />;
  }
  const ns = namespace.data;

  return (
    <>
      <PageHeader title={ns.name} description={ns.description || `Namespace "${ns.slug}"`}>
        <div className="flex gap-2">
          <Link href={`/namespaces/${ns.slug}/virtual-servers`} className={secondaryButtonClass}>
            Virtual servers
          </Link>
          {canWriteNamespace ? (
            <button
              type="button"
              className={dangerButtonClass}
              disabled={remove.isPending}
              onClick={() => {
                if (window.confirm(`Delete namespace "${ns.name}" and all of its servers?`))
                  remove.mutate({ id: ns.id });
              }}
            >
              Delete namespace
            </button>
          ) : null}
        </div>
      </PageHeader>

      <section className={`${cardClass} mb-6`} aria-labelledby="endpoint-heading">
        <h2 id="endpoint-heading" className="text-lg font-semibold">
          Endpoint
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          MCP clients connect here over Streamable HTTP with <code>Authorization: Bearer &lt;API key&gt;</code>.
        </p>
        <CopyableUrl url={ns.endpointUrl} testId="endpoint-url" />
        <ClientConfig endpointUrl={ns.endpointUrl} name={`omnimesh-${ns.slug}`} />
      </section>

      <div className="grid gap-6 lg:grid-cols-5">
        <section className="lg:col-span-3" aria-labelledby="servers-heading">
          <h2 id="servers-heading" className="mb-3 text-lg font-semibold">
            Servers
          </h2>
          <ServerList namespaceId={ns.id} namespaceSlug={ns.slug} />
        </section>
        {canWriteServers ? (
          <section className={`${cardClass} lg:col-span-2`} aria-labelledby="register-heading">
            <h2 id="register-heading" className="mb-4 text-lg font-semibold">
              Register a server
            </h2>
            <RegisterServerForm namespaceId={ns.id} />
          </section>
        ) : null}
      </div>
    </>
  );
}
