"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DataTable } from "~/app/_components/data-table";
import { NamespaceSelect, SelectField } from "~/app/_components/form-fields";
import { EmptyState, Field, inputClass, PageHeader, secondaryButtonClass } from "~/app/_components/ui";
import { useTRPC } from "~/trpc/react";

const COLUMNS = [
  "Time",
  "Namespace",
  "Server",
  "Method",
  "Tool",
  "Status",
  { label: "Latency", className: "text-right" },
  "Error",
] as const;

const STATUSES = ["ok", "error", "denied", "rate_limited", "unauthorized"] as const;
type TStatus = (typeof STATUSES)[number];
const METHODS = [
  "initialize",
  "tools/list",
  "tools/call",
  "resources/list",
  "resources/read",
  "prompts/list",
  "prompts/get",
];
const REFRESH_MS = 5_000;

export function LogsView() {
  const trpc = useTRPC();
  const [namespaceId, setNamespaceId] = useState("");
  const [serverId, setServerId] = useState("");
  const [status, setStatus] = useState<TStatus | "">("");
  const [method, setMethod] = useState("");
  const [autoRefresh, setAutoRefresh] = useState(true);

  const namespaces = useQuery(trpc.namespaces.list.queryOptions());
  const servers = useQuery(trpc.servers.list.queryOptions(namespaceId ? { namespaceId } : {}));
  const filters = {
    limit: 50,
    ...(namespaceId ? { namespaceId } : {}),
    ...(serverId ? { serverId } : {}),
    ...(status ? { status } : {}),
    ...(method.trim() ? { method: method.trim() } : {}),
  };
  const logs = useInfiniteQuery(
    trpc.logs.list.infiniteQueryOptions(filters, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      // Re-fetching every loaded page each tick would grow with scrolling; only refresh while on page one.
      refetchInterval: (query) => (autoRefresh && (query.state.data?.pages.length ?? 1) <= 1 ? REFRESH_MS : false),
    }),
  );
  const rows = logs.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader
        title="Request logs"
        description="Every MCP message the data plane handled for your organization, newest first."
      >
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" checked={autoRefresh} onChange={(event) => setAutoRefresh(event.target.checked)} />
          Auto-refresh
        </label>
        <button type="button" className={secondaryButtonClass} onClick={() => logs.refetch()}>
          Refresh
        </button>
      </PageHeader>
      <form
        className="mb-4 grid gap-4 sm:grid-cols-4"
        aria-label="Log filters"
        onSubmit={(event) => event.preventDefault()}
      >
        <NamespaceSelect
          id="filter-namespace"
          value={namespaceId}
          namespaces={namespaces.data ?? []}
          onChange={(id) => {
            setNamespaceId(id);
            setServerId("");
          }}
        />
        <SelectField
          id="filter-server"
          label="Server"
          value={serverId}
          emptyLabel="All servers"
          options={(servers.data ?? []).map((server) => ({ value: server.id, label: server.name }))}
          onChange={setServerId}
        />
        <SelectField
          id="filter-status"
          label="Status"
          value={status}
          emptyLabel="Any status"
          options={STATUSES.map((value) => ({ value, label: value }))}
          onChange={(value) => setStatus(value as TStatus | "")}
        />
        <Field id="filter-method" label="Method">
          <input
            id="filter-method"
            list="known-methods"
            value={method}
            onChange={(event) => setMethod(event.target.value)}
            className={inputClass}
            placeholder="tools/call"
          />
          <datalist id="known-methods">
            {METHODS.map((value) => (
              <option key={value} value={value} />
            ))}
          </datalist>
        </Field>
      </form>

      {logs.isLoading ? <p className="text-sm text-slate-500">Loading…</p> : null}
      {!logs.isLoading && rows.length === 0 ? <EmptyState>No requests match these filters yet.</EmptyState> : null}
      {rows.length > 0 ? (
        <DataTable label="Request logs" columns={COLUMNS} dense>
          {rows.map((log) => (
            <tr key={log.id}>
              <td className="whitespace-nowrap px-3 py-2 text-slate-500">{log.createdAt.toLocaleString()}</td>
              <td className="px-3 py-2">{log.namespaceName ?? "—"}</td>
              <td className="px-3 py-2 font-mono">{log.serverName ?? "—"}</td>
              <td className="px-3 py-2 font-mono">{log.method}</td>
              <td className="px-3 py-2 font-mono">{log.toolName ?? ""}</td>
              <td className="px-3 py-2">
                <span className={log.status === "ok" ? "text-emerald-700" : "text-red-700"}>{log.status}</span>
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{log.latencyMs.toFixed(1)} ms</td>
              <td className="max-w-xs truncate px-3 py-2 text-red-700" title={log.errorMessage ?? undefined}>
                {log.errorMessage ?? ""}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {logs.hasNextPage ? (
        <div className="mt-4 text-center">
          <button
            type="button"
            className={secondaryButtonClass}
            disabled={logs.isFetchingNextPage}
            onClick={() => logs.fetchNextPage()}
          >
            {logs.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        </div>
      ) : null}
    </>
  );
}
