"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { CopyableUrl } from "~/app/_components/copy-button";
import { EnabledBadge, ItemActions, ItemCard, ItemListSection, NewItemSection } from "~/app/_components/editable-list";
import { NotFoundCard } from "~/app/_components/not-found-card";
import { PageHeader, secondaryButtonClass } from "~/app/_components/ui";
import { useCan } from "~/app/_components/use-can";
import { useTRPC } from "~/trpc/react";
import { VirtualServerForm } from "./virtual-server-form";

export function VirtualServersView({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const namespace = useQuery(trpc.namespaces.get.queryOptions({ slug }, { retry: false }));
  const namespaceId = namespace.data?.id ?? "";
  const enabled = namespaceId !== "";
  const list = useQuery(trpc.virtualServers.list.queryOptions({ namespaceId }, { enabled }));
  const suggestions = useQuery(trpc.virtualServers.suggestions.queryOptions({ namespaceId }, { enabled }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.virtualServers.list.queryKey({ namespaceId }) });
  const update = useMutation(trpc.virtualServers.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.virtualServers.delete.mutationOptions({ onSuccess: refresh }));
  // Hidden, not just refused: the server checks `virtualServer:write` on every call anyway.
  const canWrite = useCan("virtualServer:write");

  if (namespace.isLoading) return <p className="text-sm text-slate-500">Loading…</p>;
  if (!namespace.data) {
    return <NotFoundCard title="Namespace not found" backHref="/namespaces" backLabel="Back to namespaces" />;
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
        <ItemListSection
          id="virtual-list-heading"
          heading="Virtual servers"
          label="Virtual servers"
          isLoading={list.isLoading}
          isEmpty={list.data?.length === 0}
          empty="No virtual servers in this namespace yet."
          error={remove.error ?? update.error}
        >
          {list.data?.map((vs) => (
            <ItemCard key={vs.id} testId="virtual-server">
              {editing === vs.id ? (
                <VirtualServerForm namespaceId={ns.id} servers={servers} initial={vs} onDone={() => setEditing(null)} />
              ) : (
                <>
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <div className="flex items-center gap-2">
                      <span className="font-mono font-semibold">{vs.name}</span>
                      <EnabledBadge enabled={vs.enabled} />
                    </div>
                    {canWrite ? (
                      <ItemActions
                        name={vs.name}
                        kind="virtual server"
                        enabled={vs.enabled}
                        onEdit={() => setEditing(vs.id)}
                        onSetEnabled={(enabled) => update.mutate({ id: vs.id, enabled })}
                        setEnabledPending={update.isPending}
                        onDelete={() => remove.mutate({ id: vs.id })}
                        deletePending={remove.isPending}
                      />
                    ) : null}
                  </div>
                  {vs.description ? <p className="mt-1 text-sm text-slate-600">{vs.description}</p> : null}
                  <CopyableUrl url={vs.endpointUrl} testId="virtual-endpoint-url" small />
                  {vs.entries.length === 0 ? (
                    <p className="mt-3 text-sm text-slate-500">No entries: this virtual server exposes nothing.</p>
                  ) : (
                    <EntryTable entries={vs.entries} />
                  )}
                </>
              )}
            </ItemCard>
          ))}
        </ItemListSection>
        {canWrite ? (
          <NewItemSection id="new-virtual-heading" heading="New virtual server">
            {(onDone) => <VirtualServerForm namespaceId={ns.id} servers={servers} initial={null} onDone={onDone} />}
          </NewItemSection>
        ) : null}
      </div>
    </>
  );
}

function EntryTable({
  entries,
}: {
  entries: {
    id: string;
    kind: string;
    effectiveName: string;
    serverName: string;
    sourceName: string;
    description: string | null;
  }[];
}) {
  return (
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
        {entries.map((entry) => (
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
  );
}
