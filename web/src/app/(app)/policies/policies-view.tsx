"use client";

import type { TPolicyConditions } from "@omnimesh/db/policy-conditions";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { EnabledBadge, ItemActions, ItemCard, ItemListSection, NewItemSection } from "~/app/_components/editable-list";
import { PageHeader } from "~/app/_components/ui";
import { useCan } from "~/app/_components/use-can";
import { useTRPC } from "~/trpc/react";
import { PolicyForm, type TPolicyFormOptions } from "./policy-form";

const CONDITION_LABELS: Record<keyof TPolicyConditions, string> = {
  methods: "methods",
  tools: "tools",
  servers: "servers",
  roles: "roles",
  scopes: "scopes",
  apiKeyIds: "API keys",
  ipCidrs: "IPs",
};

function ConditionList({ conditions, keyNames }: { conditions: TPolicyConditions; keyNames: Map<string, string> }) {
  const entries = (Object.keys(CONDITION_LABELS) as (keyof TPolicyConditions)[]).filter(
    (key) => (conditions[key]?.length ?? 0) > 0,
  );
  if (entries.length === 0) return <p className="mt-2 text-sm text-slate-500">Matches every call.</p>;
  return (
    <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
      {entries.map((key) => (
        <div key={key} className="contents">
          <dt className="text-slate-500">{CONDITION_LABELS[key]}</dt>
          <dd className="font-mono text-xs leading-5">
            {(conditions[key] ?? [])
              .map((value) => (key === "apiKeyIds" ? (keyNames.get(value) ?? value) : value))
              .join(", ")}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function PoliciesView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const list = useQuery(trpc.policies.list.queryOptions({}));
  const namespaces = useQuery(trpc.namespaces.list.queryOptions());
  const apiKeys = useQuery(trpc.apiKeys.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.policies.list.queryKey() });
  const setEnabled = useMutation(trpc.policies.setEnabled.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.policies.delete.mutationOptions({ onSuccess: refresh }));
  // Hidden, not just refused: the server checks `policy:write` on every call anyway.
  const canWrite = useCan("policy:write");
  const options: TPolicyFormOptions = {
    namespaces: namespaces.data ?? [],
    apiKeys: (apiKeys.data ?? []).filter((key) => key.revokedAt === null),
  };
  const keyNames = new Map((apiKeys.data ?? []).map((key) => [key.id, `${key.name} (${key.prefix})`]));

  return (
    <>
      <PageHeader
        title="Policies"
        description="Allow or deny MCP calls by method, tool, server, org role, scope, API key or client IP. The gateway applies enabled policies in priority order; the first match decides, and no match allows. Denied tools are also hidden from tools/list."
      />
      <div className="grid gap-6 lg:grid-cols-5">
        <ItemListSection
          id="policy-list-heading"
          heading="Rules in evaluation order"
          label="Policies"
          isLoading={list.isLoading}
          isEmpty={list.data?.length === 0}
          empty="No policies yet: every call is allowed."
          error={setEnabled.error ?? remove.error}
        >
          {list.data?.map((policy) => (
            <ItemCard key={policy.id} testId="policy">
              {editing === policy.id ? (
                <PolicyForm initial={policy} options={options} onDone={() => setEditing(null)} />
              ) : (
                <>
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-semibold">{policy.name}</span>
                      <span
                        className={`rounded px-2 py-0.5 text-xs font-medium ${policy.effect === "deny" ? "bg-red-50 text-red-700" : "bg-emerald-50 text-emerald-700"}`}
                      >
                        {policy.effect}
                      </span>
                      <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-600">
                        priority {policy.priority}
                      </span>
                      <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-600">
                        {policy.namespace ? `namespace ${policy.namespace.name}` : "all namespaces"}
                      </span>
                      <EnabledBadge enabled={policy.enabled} testId="policy-state" />
                    </div>
                    {canWrite ? (
                      <ItemActions
                        name={policy.name}
                        kind="policy"
                        enabled={policy.enabled}
                        onEdit={() => setEditing(policy.id)}
                        onSetEnabled={(enabled) => setEnabled.mutate({ id: policy.id, enabled })}
                        setEnabledPending={setEnabled.isPending}
                        onDelete={() => remove.mutate({ id: policy.id })}
                        deletePending={remove.isPending}
                      />
                    ) : null}
                  </div>
                  {policy.description ? <p className="mt-1 text-sm text-slate-600">{policy.description}</p> : null}
                  {policy.conditionsValid ? (
                    <ConditionList conditions={policy.conditions} keyNames={keyNames} />
                  ) : (
                    <p className="mt-2 text-sm text-amber-700">
                      Its stored conditions are not valid, so the gateway matches nothing with it. Edit to fix.
                    </p>
                  )}
                </>
              )}
            </ItemCard>
          ))}
        </ItemListSection>
        {canWrite ? (
          <NewItemSection id="new-policy-heading" heading="New policy">
            {(onDone) => <PolicyForm initial={null} options={options} onDone={onDone} />}
          </NewItemSection>
        ) : null}
      </div>
    </>
  );
}
