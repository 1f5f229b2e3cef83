"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { CopyButton } from "~/app/_components/copy-button";
import { cardClass, dangerButtonClass, PageHeader, secondaryButtonClass } from "~/app/_components/ui";
import { can } from "~/server/auth/permissions";
import { useTRPC } from "~/trpc/react";
import { ClientConfig } from "./client-config";
import { RegisterServerForm } from "./register-server-form";
import { ServerList } from "./server-list";

export function NamespaceView({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const namespace = useQuery(trpc.namespaces.get.queryOptions({ slug }, { retry: false }));
  const current = useQuery(trpc.org.current.queryOptions());
  // Hidden for roles that cannot write (viewers); the server refuses them anyway.
  const canWriteNamespace = current.data ? can(current.data.role, "namespace:write") : false;
  const canWriteServers = current.data ? can(current.data.role, "server:write") : false;
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
    return (
      <div className={cardClass}>
        <h1 className="text-xl font-semibold">Namespace not found</h1>
        <p className="mt-2 text-sm text-slate-600">
          It does not exist in this organization.{" "}
          <Link href="/namespaces" className="text-indigo-600 hover:underline">
            Back to namespaces
          </Link>
        </p>
      </div>
    );
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
        <div className="mt-3 flex items-center gap-2">
          <code
            className="flex-1 break-all rounded bg-slate-100 px-3 py-2 font-mono text-sm"
            data-testid="endpoint-url"
          >
            {ns.endpointUrl}
          </code>
          <CopyButton value={ns.endpointUrl} label="Copy URL" />
        </div>
        <ClientConfig endpointUrl={ns.endpointUrl} name={`omnimesh-${ns.slug}`} />
      </section>

      <div className="grid gap-6 lg:grid-cols-5">
        <section className="lg:col-span-3" aria-labelledby="servers-heading">
          <h2 id="servers-heading" className="mb-3 text-lg font-semibold">
            Servers
          </h2>
          <ServerList namespaceId={ns.id} />
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
