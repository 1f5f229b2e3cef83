"use client";

import { POLICY_METHODS, POLICY_ROLES, POLICY_SCOPES, type TPolicyConditions } from "@omnimesh/db/policy-conditions";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormActions, ItemForm } from "~/app/_components/editable-list";
import { FormError } from "~/app/_components/form-error";
import { NamespaceSelect, TextField } from "~/app/_components/form-fields";
import { Field, inputClass } from "~/app/_components/ui";
import { errorDetails } from "~/app/_lib/error-details";
import { numberInput } from "~/app/_lib/number-input";
import { useTRPC } from "~/trpc/react";
import { CheckboxGroup, listError, ValuesInput } from "./condition-inputs";

/** What the form needs of an existing policy (the tRPC output has more). */
export interface TEditablePolicy {
  id: string;
  name: string;
  description: string;
  effect: "allow" | "deny";
  priority: number;
  namespaceId: string | null;
  conditions: TPolicyConditions;
}

export interface TPolicyFormOptions {
  namespaces: { id: string; name: string }[];
  apiKeys: { id: string; name: string; prefix: string }[];
}

/** Create (no `initial`) or edit a policy; saving an edit replaces all of its conditions. */
export function PolicyForm({
  initial,
  options,
  onDone,
}: {
  initial: TEditablePolicy | null;
  options: TPolicyFormOptions;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(initial?.name ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [effect, setEffect] = useState<"allow" | "deny">(initial?.effect ?? "deny");
  const [priority, setPriority] = useState(String(initial?.priority ?? 100));
  const [namespaceId, setNamespaceId] = useState(initial?.namespaceId ?? "");
  const [conditions, setConditions] = useState<Required<TPolicyConditions>>({
    methods: initial?.conditions.methods ?? [],
    tools: initial?.conditions.tools ?? [],
    servers: initial?.conditions.servers ?? [],
    roles: initial?.conditions.roles ?? [],
    scopes: initial?.conditions.scopes ?? [],
    apiKeyIds: initial?.conditions.apiKeyIds ?? [],
    ipCidrs: initial?.conditions.ipCidrs ?? [],
  });
  const onSuccess = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.policies.list.queryKey() });
    onDone();
  };
  const create = useMutation(trpc.policies.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.policies.update.mutationOptions({ onSuccess }));
  const pending = create.isPending || update.isPending;
  const error = errorDetails(initial ? update.error : create.error);
  const fields = error?.fields ?? {};
  const set = (key: keyof TPolicyConditions) => (values: string[]) =>
    setConditions((current) => ({ ...current, [key]: values }));

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = {
      name,
      description,
      effect,
      priority: numberInput(priority),
      namespaceId: namespaceId || null,
      conditions: conditions as TPolicyConditions,
    };
    if (initial) update.mutate({ id: initial.id, ...payload });
    else create.mutate(payload);
  }

  const prefix = initial ? `policy-${initial.id}` : "policy-new";
  return (
    <ItemForm editingName={initial?.name} newLabel="New policy" onSubmit={onSubmit}>
      <TextField
        id={`${prefix}-name`}
        label="Name"
        value={name}
        onChange={setName}
        error={fields.name}
        placeholder="no-deletes"
      />
      <TextField
        id={`${prefix}-description`}
        label="Description"
        value={description}
        onChange={setDescription}
        error={fields.description}
      />
      <div className="grid grid-cols-2 gap-3">
        <Field id={`${prefix}-effect`} label="Effect" error={fields.effect}>
          <select
            id={`${prefix}-effect`}
            className={inputClass}
            value={effect}
            onChange={(event) => setEffect(event.target.value === "allow" ? "allow" : "deny")}
          >
            <option value="deny">deny</option>
            <option value="allow">allow</option>
          </select>
        </Field>
        <TextField
          id={`${prefix}-priority`}
          label="Priority"
          hint="Lower runs first; the first match decides."
          type="number"
          value={priority}
          onChange={setPriority}
          error={fields.priority}
        />
      </div>
      <NamespaceSelect
        id={`${prefix}-namespace`}
        value={namespaceId}
        namespaces={options.namespaces}
        error={fields.namespaceId}
        onChange={setNamespaceId}
      />
      <div className="space-y-3 rounded-md border border-slate-200 p-3">
        <p className="text-xs text-slate-500">
          Conditions: a call matches when it matches every filled-in condition (any of its values). Leave all empty to
          match every call.
        </p>
        <CheckboxGroup
          legend="Methods"
          hint="MCP methods the policy applies to."
          options={POLICY_METHODS.map((method) => ({ value: method, label: method }))}
          selected={conditions.methods}
          error={listError(fields, "conditions.methods")}
          onChange={set("methods")}
        />
        <ValuesInput
          id={`${prefix}-tools`}
          label="Tools"
          hint="Exposed tool or prompt names (server__tool); * and ? are wildcards."
          placeholder="demo__echo, github__*"
          initial={conditions.tools}
          error={listError(fields, "conditions.tools")}
          onChange={set("tools")}
        />
        <ValuesInput
          id={`${prefix}-servers`}
          label="Servers"
          hint="Server names; * and ? are wildcards."
          placeholder="github, git*"
          initial={conditions.servers}
          error={listError(fields, "conditions.servers")}
          onChange={set("servers")}
        />
        <CheckboxGroup
          legend="Roles"
          hint="The caller's org role, for signed-in users (access tokens). API keys have no role: a policy with roles never matches a key's calls."
          options={POLICY_ROLES.map((role) => ({ value: role, label: role }))}
          selected={conditions.roles}
          error={listError(fields, "conditions.roles")}
          onChange={set("roles")}
        />
        <CheckboxGroup
          legend="Scopes"
          hint="The credential's scopes: an API key's own; a signed-in viewer has mcp:read, a member mcp:full, admins and owners mcp:full + admin."
          options={POLICY_SCOPES.map((scope) => ({ value: scope, label: scope }))}
          selected={conditions.scopes}
          error={listError(fields, "conditions.scopes")}
          onChange={set("scopes")}
        />
        <CheckboxGroup
          legend="API keys"
          hint={options.apiKeys.length === 0 ? "This organization has no API keys." : "Calls made with these keys."}
          options={options.apiKeys.map((key) => ({ value: key.id, label: `${key.name} (${key.prefix})` }))}
          selected={conditions.apiKeyIds}
          error={listError(fields, "conditions.apiKeyIds")}
          onChange={set("apiKeyIds")}
        />
        <ValuesInput
          id={`${prefix}-ips`}
          label="Client IPs"
          hint="IPv4 addresses or CIDR ranges, or exact IPv6 addresses."
          placeholder="10.0.0.0/8, 203.0.113.7"
          initial={conditions.ipCidrs}
          error={listError(fields, "conditions.ipCidrs")}
          onChange={set("ipCidrs")}
        />
        {fields.conditions ? <p className="text-xs text-red-600">{fields.conditions}</p> : null}
      </div>
      <FormError error={error} />
      <FormActions editing={initial !== null} createLabel="Create policy" pending={pending} onCancel={onDone} />
    </ItemForm>
  );
}
