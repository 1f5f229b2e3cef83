"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { EnabledBadge, ItemActions, ItemCard, ItemListSection, NewItemSection } from "~/app/_components/editable-list";
import { PageHeader } from "~/app/_components/ui";
import { useCan } from "~/app/_components/use-can";
import { useTRPC } from "~/trpc/react";
import { RateLimitForm, type TRateLimitFormOptions } from "./rate-limit-form";
import { SCOPE_HELP } from "./scope-target";

function windowText(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? "hour" : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? "minute" : `${seconds / 60} minutes`;
  return seconds === 1 ? "second" : `${seconds} seconds`;
}

export function RateLimitsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const list = useQuery(trpc.rateLimits.list.queryOptions({}));
  const namespaces = useQuery(trpc.namespaces.list.queryOptions());
  const apiKeys = useQuery(trpc.apiKeys.list.queryOptions());
  const members = useQuery(trpc.members.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.rateLimits.list.queryKey() });
  const setEnabled = useMutation(trpc.rateLimits.setEnabled.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.rateLimits.delete.mutationOptions({ onSuccess: refresh }));
  // Hidden, not just refused: the server checks `rateLimit:write` on every call anyway.
  const canWrite = useCan("rateLimit:write");
  const options: TRateLimitFormOptions = {
    namespaces: namespaces.data ?? [],
    apiKeys: (apiKeys.data ?? []).filter((key) => key.revokedAt === null),
    members: members.data ?? [],
  };
  const targetNames = new Map<string, string>([
    ...(apiKeys.data ?? []).map((key): [string, string] => [key.id, `${key.name} (${key.prefix})`]),
    ...(members.data ?? []).map((member): [string, string] => [member.userId, member.email]),
  ]);

  return (
    <>
      <PageHeader
        title="Rate limits"
        description="Sliding-window limits the gateway applies to MCP requests: at most N requests per window, counted per organization, namespace, API key, user, client IP or tool. A request over any applicable limit is refused with a retry time."
      />
      <div className="grid gap-6 lg:grid-cols-5">
        <ItemListSection
          id="limit-list-heading"
          heading="Limits"
          label="Rate limits"
          isLoading={list.isLoading}
          isEmpty={list.data?.length === 0}
          empty="No rate limits yet."
          error={setEnabled.error ?? remove.error}
        >
          {list.data?.map((limit) => (
            <ItemCard key={limit.id} testId="rate-limit">
              {editing === limit.id ? (
                <RateLimitForm initial={limit} options={options} onDone={() => setEditing(null)} />
              ) : (
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="space-y-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-semibold">{limit.name}</span>
                      <EnabledBadge enabled={limit.enabled} />
                      <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-600">
                        {limit.namespace ? `namespace ${limit.namespace.name}` : "all namespaces"}
                      </span>
                    </div>
                    <p className="text-sm text-slate-700">
                      {limit.limit} requests per {windowText(limit.windowSeconds)}, for {SCOPE_HELP[limit.scope].label}
                      {limit.target ? (
                        <>
                          {" "}
                          — only{" "}
                          <span className="font-mono text-xs">{targetNames.get(limit.target) ?? limit.target}</span>
                        </>
                      ) : null}
                    </p>
                  </div>
                  {canWrite ? (
                    <ItemActions
                      name={limit.name}
                      kind="rate limit"
                      enabled={limit.enabled}
                      onEdit={() => setEditing(limit.id)}
                      onSetEnabled={(enabled) => setEnabled.mutate({ id: limit.id, enabled })}
                      setEnabledPending={setEnabled.isPending}
                      onDelete={() => remove.mutate({ id: limit.id })}
                      deletePending={remove.isPending}
                    />
                  ) : null}
                </div>
              )}
            </ItemCard>
          ))}
        </ItemListSection>
        {canWrite ? (
          <NewItemSection id="new-limit-heading" heading="New rate limit">
            {(onDone) => <RateLimitForm initial={null} options={options} onDone={onDone} />}
          </NewItemSection>
        ) : null}
      </div>
    </>
  );
}
