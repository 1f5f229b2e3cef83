"use client";

import { RATE_LIMIT_SCOPES, type TRateLimitScope } from "@omnimesh/db/policy-conditions";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormActions, ItemForm } from "~/app/_components/editable-list";
import { FormError } from "~/app/_components/form-error";
import { NamespaceSelect, TextField } from "~/app/_components/form-fields";
import { Field, inputClass } from "~/app/_components/ui";
import { errorDetails } from "~/app/_lib/error-details";
import { numberInput } from "~/app/_lib/number-input";
import { useTRPC } from "~/trpc/react";
import { SCOPE_HELP } from "./scope-target";

export interface TEditableRateLimit {
  id: string;
  name: string;
  namespaceId: string | null;
  scope: TRateLimitScope;
  target: string | null;
  limit: number;
  windowSeconds: number;
}

export interface TRateLimitFormOptions {
  namespaces: { id: string; name: string }[];
  apiKeys: { id: string; name: string; prefix: string }[];
  members: { userId: string; email: string }[];
}

function TargetInput({
  id,
  scope,
  value,
  options,
  onChange,
}: {
  id: string;
  scope: TRateLimitScope;
  value: string;
  options: TRateLimitFormOptions;
  onChange: (value: string) => void;
}) {
  const choices =
    scope === "api_key"
      ? options.apiKeys.map((key) => ({ value: key.id, label: `${key.name} (${key.prefix})` }))
      : scope === "user"
        ? options.members.map((member) => ({ value: member.userId, label: member.email }))
        : null;
  if (choices) {
    return (
      <select id={id} className={inputClass} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Every one</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      id={id}
      className={inputClass}
      value={value}
      placeholder={scope === "ip" ? "203.0.113.7" : "demo__*"}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

export function RateLimitForm({
  initial,
  options,
  onDone,
}: {
  initial: TEditableRateLimit | null;
  options: TRateLimitFormOptions;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(initial?.name ?? "");
  const [namespaceId, setNamespaceId] = useState(initial?.namespaceId ?? "");
  const [scope, setScope] = useState<TRateLimitScope>(initial?.scope ?? "api_key");
  const [target, setTarget] = useState(initial?.target ?? "");
  const [limit, setLimit] = useState(String(initial?.limit ?? 60));
  const [windowSeconds, setWindowSeconds] = useState(String(initial?.windowSeconds ?? 60));
  const onSuccess = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.rateLimits.list.queryKey() });
    onDone();
  };
  const create = useMutation(trpc.rateLimits.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.rateLimits.update.mutationOptions({ onSuccess }));
  const error = errorDetails(initial ? update.error : create.error);
  const fields = error?.fields ?? {};
  const help = SCOPE_HELP[scope];

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = {
      name,
      namespaceId: namespaceId || null,
      scope,
      target: help.target ? target || null : null,
      limit: numberInput(limit),
      windowSeconds: numberInput(windowSeconds),
    };
    if (initial) update.mutate({ id: initial.id, ...payload });
    else create.mutate(payload);
  }

  const prefix = initial ? `limit-${initial.id}` : "limit-new";
  return (
    <ItemForm editingName={initial?.name} newLabel="New rate limit" onSubmit={onSubmit}>
      <TextField
        id={`${prefix}-name`}
        label="Name"
        value={name}
        onChange={setName}
        error={fields.name}
        placeholder="per-key"
      />
      <Field id={`${prefix}-scope`} label="Scope" hint={`Counts ${help.label}.`} error={fields.scope}>
        <select
          id={`${prefix}-scope`}
          className={inputClass}
          value={scope}
          onChange={(event) => {
            setScope(event.target.value as TRateLimitScope);
            setTarget("");
          }}
        >
          {RATE_LIMIT_SCOPES.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </Field>
      {help.target ? (
        <Field id={`${prefix}-target`} label="Target (optional)" hint={help.target} error={fields.target}>
          <TargetInput id={`${prefix}-target`} scope={scope} value={target} options={options} onChange={setTarget} />
        </Field>
      ) : fields.target ? (
        <p className="text-xs text-red-600">{fields.target}</p>
      ) : null}
      <div className="grid grid-cols-2 gap-3">
        <TextField
          id={`${prefix}-limit`}
          label="Requests"
          type="number"
          min={1}
          value={limit}
          onChange={setLimit}
          error={fields.limit}
        />
        <TextField
          id={`${prefix}-window`}
          label="Per (seconds)"
          type="number"
          min={1}
          value={windowSeconds}
          onChange={setWindowSeconds}
          error={fields.windowSeconds}
        />
      </div>
      <NamespaceSelect
        id={`${prefix}-namespace`}
        value={namespaceId}
        namespaces={options.namespaces}
        error={fields.namespaceId}
        onChange={setNamespaceId}
      />
      <FormError error={error} />
      <FormActions
        editing={initial !== null}
        createLabel="Create rate limit"
        pending={create.isPending || update.isPending}
        onCancel={onDone}
      />
    </ItemForm>
  );
}
