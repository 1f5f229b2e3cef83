"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DataTable } from "~/app/_components/data-table";
import { FormError } from "~/app/_components/form-error";
import { TextField } from "~/app/_components/form-fields";
import { EmptyState, PageHeader, secondaryButtonClass } from "~/app/_components/ui";
import { errorDetails } from "~/app/_lib/error-details";
import { useTRPC } from "~/trpc/react";

/** "mcp_server" filters by type; "mcp_server:<id>" by type and id. */
function parseTarget(value: string): { targetType?: string; targetId?: string } {
  const [type = "", ...rest] = value.trim().split(":");
  const id = rest.join(":").trim();
  return { ...(type.trim() ? { targetType: type.trim() } : {}), ...(id ? { targetId: id } : {}) };
}

function summarize(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

export function AuditView() {
  const trpc = useTRPC();
  const [actor, setActor] = useState("");
  const [action, setAction] = useState("");
  const [target, setTarget] = useState("");
  const filters = {
    limit: 50,
    ...(actor.trim() ? { actor: actor.trim() } : {}),
    ...(action.trim() ? { action: action.trim() } : {}),
    ...parseTarget(target),
  };
  const audit = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(filters, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const rows = audit.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change made to your organization, who made it and from where, newest first."
      >
        <button type="button" className={secondaryButtonClass} onClick={() => audit.refetch()}>
          Refresh
        </button>
      </PageHeader>
      <form
        className="mb-4 grid gap-4 sm:grid-cols-3"
        aria-label="Audit filters"
        onSubmit={(event) => event.preventDefault()}
      >
        <TextField
          id="filter-actor"
          label="Actor"
          hint="Email, user id or API key id"
          value={actor}
          onChange={setActor}
          placeholder="someone@example.com"
        />
        <TextField
          id="filter-action"
          label="Action"
          hint='Exact, or a prefix ending in "."'
          value={action}
          onChange={setAction}
          placeholder="namespace."
        />
        <TextField
          id="filter-target"
          label="Target"
          hint="A type, or type:id"
          value={target}
          onChange={setTarget}
          placeholder="mcp_server"
        />
      </form>

      <FormError error={errorDetails(audit.error)} />
      {audit.isLoading ? <p className="text-sm text-slate-500">Loading…</p> : null}
      {!audit.isLoading && !audit.error && rows.length === 0 ? (
        <EmptyState>No audit entries match these filters.</EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <DataTable label="Audit log" columns={["Time", "Actor", "Action", "Target", "Change", "IP"]} dense>
          {rows.map((entry) => (
            <tr key={entry.id}>
              <td className="whitespace-nowrap px-3 py-2 text-slate-500">{entry.createdAt.toLocaleString()}</td>
              <td className="px-3 py-2">
                {entry.actorEmail ??
                  (entry.actorApiKeyId ? `API key ${entry.actorApiKeyId}` : (entry.actorUserId ?? "—"))}
              </td>
              <td className="px-3 py-2 font-mono">{entry.action}</td>
              <td className="px-3 py-2 font-mono">
                {entry.targetType}
                {entry.targetId ? <span className="text-slate-500">:{entry.targetId}</span> : null}
              </td>
              <td
                className="max-w-xs truncate px-3 py-2 font-mono text-xs text-slate-600"
                title={entry.after ? JSON.stringify(entry.after) : undefined}
              >
                {summarize(entry.after ?? entry.before)}
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-slate-500">{entry.ip ?? ""}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {audit.hasNextPage ? (
        <div className="mt-4 text-center">
          <button
            type="button"
            className={secondaryButtonClass}
            disabled={audit.isFetchingNextPage}
            onClick={() => audit.fetchNextPage()}
          >
            {audit.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        </div>
      ) : null}
    </>
  );
}
