"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormActions, ItemForm } from "~/app/_components/editable-list";
import { FormError } from "~/app/_components/form-error";
import { TextField } from "~/app/_components/form-fields";
import { secondaryButtonClass } from "~/app/_components/ui";
import { errorDetails } from "~/app/_lib/error-details";
import { useTRPC } from "~/trpc/react";
import { EntryRows, type TEntryDraft, type TEntryKind, type TServerOption } from "./entry-rows";

/** What the form needs of an existing virtual server (the tRPC output has more). */
export interface TEditableVirtualServer {
  id: string;
  name: string;
  description: string;
  entries: {
    serverId: string;
    kind: TEntryKind;
    sourceName: string;
    exposedName: string | null;
    description: string | null;
  }[];
}

let nextKey = 1;

function draftOf(entry: TEditableVirtualServer["entries"][number]): TEntryDraft {
  return {
    key: nextKey++,
    serverId: entry.serverId,
    kind: entry.kind,
    sourceName: entry.sourceName,
    exposedName: entry.exposedName ?? "",
    description: entry.description ?? "",
  };
}

/** Create (no `initial`) or edit a virtual server; saving an edit replaces all of its entries. */
export function VirtualServerForm({
  namespaceId,
  servers,
  initial,
  onDone,
}: {
  namespaceId: string;
  servers: TServerOption[];
  initial: TEditableVirtualServer | null;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(initial?.name ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [entries, setEntries] = useState<TEntryDraft[]>(() => initial?.entries.map(draftOf) ?? []);
  const onSuccess = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.virtualServers.list.queryKey({ namespaceId }) });
    onDone();
  };
  const create = useMutation(trpc.virtualServers.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.virtualServers.update.mutationOptions({ onSuccess }));
  const pending = create.isPending || update.isPending;
  const error = errorDetails(initial ? update.error : create.error);
  const fieldError = (field: string) => error?.fields[field];

  function addEntry() {
    const first = servers[0];
    if (!first) return;
    setEntries((list) => [
      ...list,
      { key: nextKey++, serverId: first.serverId, kind: "tool", sourceName: "", exposedName: "", description: "" },
    ]);
  }

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = {
      name,
      description,
      entries: entries.map(({ key: _key, ...entry }) => entry),
    };
    if (initial) update.mutate({ id: initial.id, ...payload });
    else create.mutate({ namespaceId, ...payload });
  }

  const prefix = initial ? `vs-${initial.id}` : "vs-new";
  return (
    <ItemForm editingName={initial?.name} newLabel="New virtual server" onSubmit={onSubmit}>
      <TextField
        id={`${prefix}-name`}
        label="Name"
        required
        value={name}
        onChange={setName}
        error={fieldError("name")}
        placeholder="research"
      />
      <TextField
        id={`${prefix}-description`}
        label="Description"
        value={description}
        onChange={setDescription}
        error={fieldError("description")}
      />
      <div className="space-y-2">
        <div className="flex items-center justify-between">
          <h3 className="text-sm font-semibold text-slate-700">Entries</h3>
          <button type="button" className={secondaryButtonClass} onClick={addEntry} disabled={servers.length === 0}>
            Add entry
          </button>
        </div>
        {servers.length === 0 ? (
          <p className="text-sm text-slate-500">Register a server in this namespace first.</p>
        ) : (
          <p className="text-xs text-slate-500">
            Type the upstream's tool or prompt name, or the resource URI. Names the gateway has recorded for a server
            are offered as you type; the control plane does not query upstreams itself.
          </p>
        )}
        <EntryRows
          entries={entries}
          servers={servers}
          fieldError={fieldError}
          onChange={(key, patch) =>
            setEntries((list) => list.map((entry) => (entry.key === key ? { ...entry, ...patch } : entry)))
          }
          onRemove={(key) => setEntries((list) => list.filter((entry) => entry.key !== key))}
        />
      </div>
      <FormError error={error} />
      <FormActions editing={initial !== null} createLabel="Create virtual server" pending={pending} onCancel={onDone} />
    </ItemForm>
  );
}
