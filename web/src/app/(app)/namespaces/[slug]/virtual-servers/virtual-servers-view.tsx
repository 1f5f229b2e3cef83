"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { CopyButton } from "~/app/_components/copy-button";
import { cardClass, dangerButtonClass, EmptyState, PageHeader, secondaryButtonClass } from "~/app/_components/ui";
import { can, ROLES, type TRole } from "~/server/auth/permissions";
import { useTRPC } from "~/trpc/react";
import { VirtualServerForm } from "./virtual-server-form";

function isRole(role: string | undefined): role is TRole {
  return (ROLES as readonly string[]).includes(role ?? "");
}

export function VirtualServersView({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const namespace = useQuery(trpc.namespaces.get.queryOptions({ slug }, { retry: false }));
  const namespaceId = namespace.data?.id ?? "";
  const enabled = namespaceId !== "";
  const current = useQuery(trpc.org.current.queryOptions());
  const list = useQuery(trpc.virtualServers.list.queryOptions({ namespaceId }, { enabled }));
  const suggestions = useQuery(trpc.virtualServers.suggestions.queryOptions({ namespaceId }, { enabled }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.virtualServers.list.queryKey({ namespaceId }) });
  const update = useMutation(trpc.virtualServers.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.virtualServers.delete.mutationOptions({ onSuccess: refresh }));
  // Hidden, not just refused: the server checks `virtualServer:write` on every call anyway.
  const role = current.data?.role;
  const canWrite = isRole(role) && can(role, "virtualServer:write");

  if (namespace.isLoading) return <p className="text-sm text-slate-500">Loading…</p>;
  if (!namespace.data) {
    return (
      <div className={cardClass}>
        <h1 className="text-xl font-semibold">Namespace not found</h1>
        <p className="mt-2 text-sm text-slate-600">
          <Link href="/namespaces" className="text-indigo-600 hover:underline">
            Back to namespaces
          </Link>
        </p>
      </div>
    );
  }
  const ns = namespace.data;
  const servers = suggestions.data ?? [];

  return (
    <>
      <PageHeader
        title={`Virtual servers of ${ns.name}`}
        description="Compose selected tools, prompts and resources of this namespace's servers into one MCP endpoint, optionally renamed and re-described."
      >
        <Link href={`/namespaces/${ns.slug}`} className={secondaryButtonClass}>
          Back to {ns.name}
        </Link>
      </PageHeader>
      <div className="grid gap-6 lg:grid-cols-5">
        <section className="space-y-3 lg:col-span-3" aria-labelledby="virtual-list-heading">
          <h2 id="virtual-list-heading" className="text-lg font-semibold">
            Virtual servers
          </h2>
          {list.isLoading ? <p className="text-sm text-slate-500">Loading…</p> : null}
          {list.data && list.data.length === 0 ? (
            <EmptyState>No virtual servers in this namespace yet.</EmptyState>
          ) : null}
          <ul className="space-y-3" aria-label="Virtual servers">
            {list.data?.map((vs) => (
              <li
                key={vs.id}
                className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
                data-testid="virtual-server"
              >
                {editing === vs.id ? (
                  <VirtualServerForm
                    namespaceId={ns.id}
                    servers={servers}
                    initial={vs}
                    onDone={() => setEditing(null)}
                  />
                ) : (
                  <>
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <div className="flex items-center gap-2">
                        <span className="font-mono font-semibold">{vs.name}</span>
                        <span
                          className={`rounded px-2 py-0.5 text-xs ${vs.enabled ? "bg-emerald-50 text-emerald-700" : "bg-slate-100 text-slate-500"}`}
                        >
                          {vs.enabled ? "enabled" : "disabled"}
                        </span>
                      </div>
                      {canWrite ? (
                        <div className="flex gap-2">
                          <button type="button" className={secondaryButtonClass} onClick={() => setEditing(vs.id)}>
                            Edit
                          </button>
                          <button
                            type="button"
                            className={secondaryButtonClass}
                            disabled={update.isPending}
                            aria-label={`${vs.enabled ? "Disable" : "Enable"} ${vs.name}`}
                            onClick={() => update.mutate({ id: vs.id, enabled: !vs.enabled })}
                          >
                            {vs.enabled ? "Disable" : "Enable"}
                          </button>
                          <button
                            type="button"
                            className={dangerButtonClass}
                            disabled={remove.isPending}
                            aria-label={`Delete ${vs.name}`}
                            onClick={() => {
                              if (window.confirm(`Delete virtual server "${vs.name}"?`)) remove.mutate({ id: vs.id });
                            }}
                          >
                            Delete
                          </button>
                        </div>
                      ) : null}
                    </div>
                    {vs.description ? <p className="mt-1 text-sm text-slate-600">{vs.description}</p> : null}
                    <div className="mt-3 flex items-center gap-2">
                      <code
                        className="flex-1 break-all rounded bg-slate-100 px-3 py-2 font-mono text-xs"
                        data-testid="virtual-endpoint-url"
                      >
                        {vs.endpointUrl}
                      </code>
                      <CopyButton value={vs.endpointUrl} label="Copy URL" />
                    </div>
                    {vs.entries.length === 0 ? (
                      <p className="mt-3 text-sm text-slate-500">No entries: this virtual server exposes nothing.</p>
                    ) : (
                      <table className="mt-3 w-full text-left text-sm">
                        <thead className="text-xs text-slate-500">
                          <tr>
                            <th className="py-1 font-medium">Kind</th>
                            <th className="py-1 font-medium">Exposed as</th>
                            <th className="py-1 font-medium">Source</th>
                            <th className="py-1 font-medium">Description</th>
                          </tr>
                        </thead>
                        <tbody>
                          {vs.entries.map((entry) => (
                            <tr key={entry.id} className="border-t border-slate-100">
                              <td className="py-1">{entry.kind}</td>
                              <td className="py-1 font-mono">{entry.effectiveName}</td>
                              <td className="py-1 font-mono text-slate-600">
                                {entry.serverName} · {entry.sourceName}
                              </td>
                              <td className="py-1 text-slate-600">{entry.description ?? "—"}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )}
                  </>
                )}
              </li>
            ))}
          </ul>
          {remove.error || update.error ? (
            <p role="alert" className="text-sm text-red-600">
              {(remove.error ?? update.error)?.message}
            </p>
          ) : null}
        </section>
        {canWrite ? (
          <section className={`${cardClass} lg:col-span-2`} aria-labelledby="new-virtual-heading">
            <h2 id="new-virtual-heading" className="mb-4 text-lg font-semibold">
              New virtual server
            </h2>
            <NewVirtualServer namespaceId={ns.id} servers={servers} />
          </section>
        ) : null}
      </div>
    </>
  );
}

/** Remounts the form after each successful create, so it starts empty again. */
function NewVirtualServer({
  namespaceId,
  servers,
}: {
  namespaceId: string;
  servers: Parameters<typeof VirtualServerForm>[0]["servers"];
}) {
  const [generation, setGeneration] = useState(0);
  return (
    <VirtualServerForm
      key={generation}
      namespaceId={namespaceId}
      servers={servers}
      initial={null}
      onDone={() => setGeneration((n) => n + 1)}
    />
  );
}
