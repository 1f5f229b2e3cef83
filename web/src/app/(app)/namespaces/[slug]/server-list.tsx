"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { dangerButtonClass, EmptyState, secondaryButtonClass } from "~/app/_components/ui";
import { useTRPC } from "~/trpc/react";
import { CheckedAt, HealthBadge, LastError } from "./health-badge";

/** The data plane re-checks servers in the background; the list follows without a reload. */
const HEALTH_REFRESH_MS = 5_000;

export function ServerList({ namespaceId, namespaceSlug }: { namespaceId: string; namespaceSlug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const servers = useQuery(trpc.servers.list.queryOptions({ namespaceId }, { refetchInterval: HEALTH_REFRESH_MS }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.servers.list.queryKey({ namespaceId }) });
  const setEnabled = useMutation(trpc.servers.setEnabled.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.servers.delete.mutationOptions({ onSuccess: refresh }));

  if (servers.isLoading) return <p className="text-sm text-slate-500">Loading…</p>;
  if (!servers.data?.length) return <EmptyState>No servers registered in this namespace yet.</EmptyState>;

  return (
    <ul className="space-y-3" aria-label="Registered servers">
      {servers.data.map((server) => (
        <li
          key={server.id}
          className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
          data-testid={`server-${server.name}`}
        >
          <div className="flex flex-wrap items-center justify-between gap-2">
            <div className="flex items-center gap-2">
              <Link
                href={`/namespaces/${namespaceSlug}/servers/${server.id}`}
                className="font-mono font-semibold text-indigo-700 hover:underline"
              >
                {server.name}
              </Link>
              <HealthBadge status={server.healthStatus} error={server.lastError} />
              <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-600">{server.transport}</span>
              <span
                className={`rounded px-2 py-0.5 text-xs ${server.enabled ? "bg-emerald-50 text-emerald-700" : "bg-slate-100 text-slate-500"}`}
              >
                {server.enabled ? "enabled" : "disabled"}
              </span>
            </div>
            <div className="flex gap-2">
              <Link
                href={`/namespaces/${namespaceSlug}/servers/${server.id}`}
                className={secondaryButtonClass}
                aria-label={`Details of ${server.name}`}
              >
                Details
              </Link>
              <button
                type="button"
                className={secondaryButtonClass}
                disabled={setEnabled.isPending}
                aria-label={`${server.enabled ? "Disable" : "Enable"} ${server.name}`}
                onClick={() => setEnabled.mutate({ id: server.id, enabled: !server.enabled })}
              >
                {server.enabled ? "Disable" : "Enable"}
              </button>
              <button
                type="button"
                className={dangerButtonClass}
                disabled={remove.isPending}
                aria-label={`Delete ${server.name}`}
                onClick={() => {
                  if (window.confirm(`Delete server "${server.name}"?`)) remove.mutate({ id: server.id });
                }}
              >
                Delete
              </button>
            </div>
          </div>
          {server.description ? <p className="mt-1 text-sm text-slate-600">{server.description}</p> : null}
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            {server.transport === "stdio" ? (
              <>
                <dt className="text-slate-500">Command</dt>
                <dd className="break-all font-mono">{[server.command, ...server.args].join(" ")}</dd>
                <dt className="text-slate-500">Env</dt>
                <dd className="font-mono">{server.envNames.length ? server.envNames.join(", ") : "—"}</dd>
              </>
            ) : (
              <>
                <dt className="text-slate-500">URL</dt>
                <dd className="break-all font-mono">{server.url}</dd>
                <dt className="text-slate-500">Headers</dt>
                <dd className="font-mono">{server.headerNames.length ? server.headerNames.join(", ") : "—"}</dd>
              </>
            )}
            <dt className="text-slate-500">Health</dt>
            <dd>
              {server.healthStatus} · <CheckedAt at={server.lastHealthAt} />
            </dd>
          </dl>
          <LastError error={server.lastError} />
        </li>
      ))}
    </ul>
  );
}
