"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "~/app/_components/form-error";
import { buttonClass, Field, inputClass } from "~/app/_components/ui";
import { errorDetails, type TErrorDetails } from "~/app/_lib/error-details";
import { parseArgs, parsePairs } from "~/app/_lib/parse-server-fields";
import type { TServer } from "~/server/services/servers/server-select";
import { useTRPC } from "~/trpc/react";

/**
 * Edits a server. Secret values (env, headers) are never shown: each stored name gets an empty field
 * where typing replaces the value, leaving it empty keeps it, and "remove" drops it.
 */
export function EditServerForm({ server }: { server: TServer }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [localError, setLocalError] = useState<TErrorDetails | null>(null);
  const update = useMutation(
    trpc.servers.update.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.servers.details.queryKey({ id: server.id }) }),
          queryClient.invalidateQueries({ queryKey: trpc.servers.list.queryKey() }),
        ]);
      },
    }),
  );
  const stdio = server.transport === "stdio";
  const secretKind = stdio ? "env" : "headers";
  const secretNames = stdio ? server.envNames : server.headerNames;
  const error = localError ?? errorDetails(update.error);
  const fieldError = (name: string) =>
    error?.fields[name] ?? Object.entries(error?.fields ?? {}).find(([key]) => key.startsWith(`${name}.`))?.[1];

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "");
    setLocalError(null);
    update.reset();

    const added = parsePairs(text("secrets-new"), stdio ? "=" : ":");
    if (added.badLines.length > 0) {
      setLocalError({
        message: stdio ? "Check the new environment variables." : "Check the new headers.",
        fields: {
          [`${secretKind}Changes`]: `Line ${added.badLines.join(", ")}: use ${stdio ? "KEY=VALUE" : "Name: value"}`,
        },
      });
      return;
    }
    const changes: Record<string, string | null> = { ...added.values };
    for (const name of secretNames) {
      if (form.get(`secret-remove:${name}`)) changes[name] = null;
      else if (text(`secret:${name}`)) changes[name] = text(`secret:${name}`);
    }
    const timeoutMs = Number(text("timeoutMs"));
    const common = {
      id: server.id,
      name: text("name").trim(),
      description: text("description"),
      timeoutMs: Number.isFinite(timeoutMs) ? timeoutMs : Number.NaN,
      isolated: form.get("isolated") === "on",
      enabled: form.get("enabled") === "on",
    };
    const hasChanges = Object.keys(changes).length > 0;
    if (stdio) {
      update.mutate({
        ...common,
        command: text("command"),
        args: parseArgs(text("args")),
        ...(hasChanges ? { envChanges: changes } : {}),
      });
    } else {
      update.mutate({ ...common, url: text("url").trim(), ...(hasChanges ? { headerChanges: changes } : {}) });
    }
  }

  return (
    // A saved edit changes updatedAt, which resets the fields to the stored values; health refreshes do not.
    <form key={String(server.updatedAt)} onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Edit server">
      <Field id="edit-name" label="Server name" error={fieldError("name")}>
        <input id="edit-name" name="name" defaultValue={server.name} required className={inputClass} />
      </Field>
      <Field id="edit-description" label="Description" error={fieldError("description")}>
        <input id="edit-description" name="description" defaultValue={server.description} className={inputClass} />
      </Field>
      {stdio ? (
        <>
          <Field id="edit-command" label="Command" error={fieldError("command")}>
            <input
              id="edit-command"
              name="command"
              defaultValue={server.command ?? ""}
              required
              className={inputClass}
            />
          </Field>
          <Field id="edit-args" label="Arguments" hint="One argument per line." error={fieldError("args")}>
            <textarea
              id="edit-args"
              name="args"
              rows={3}
              defaultValue={server.args.join("\n")}
              className={`${inputClass} font-mono`}
            />
          </Field>
        </>
      ) : (
        <Field id="edit-url" label="URL" error={fieldError("url")}>
          <input id="edit-url" name="url" type="url" defaultValue={server.url ?? ""} className={inputClass} />
        </Field>
      )}
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{stdio ? "Environment variables" : "Headers"}</legend>
        <p className="text-xs text-slate-500">Stored encrypted. Leave a field empty to keep its value.</p>
        {secretNames.map((name) => (
          <div key={name} className="flex items-center gap-2">
            <label htmlFor={`secret-${name}`} className="w-40 truncate font-mono text-sm" title={name}>
              {name}
            </label>
            <input
              id={`secret-${name}`}
              name={`secret:${name}`}
              type="password"
              autoComplete="off"
              placeholder="unchanged"
              className={inputClass}
            />
            <label className="flex items-center gap-1 text-xs text-slate-600">
              <input type="checkbox" name={`secret-remove:${name}`} aria-label={`Remove ${name}`} />
              remove
            </label>
          </div>
        ))}
        <Field
          id="edit-secrets-new"
          label={stdio ? "Add variables" : "Add headers"}
          hint={stdio ? "KEY=VALUE, one per line." : "Name: value, one per line."}
          error={fieldError(`${secretKind}Changes`)}
        >
          <textarea id="edit-secrets-new" name="secrets-new" rows={2} className={`${inputClass} font-mono`} />
        </Field>
      </fieldset>
      <Field id="edit-timeout" label="Timeout (ms)" error={fieldError("timeoutMs")}>
        <input
          id="edit-timeout"
          name="timeoutMs"
          type="number"
          min={1000}
          max={600000}
          defaultValue={server.timeoutMs}
          className={inputClass}
        />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="isolated" defaultChecked={server.isolated} />
        Isolated (one upstream connection per client session)
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={server.enabled} />
        Enabled
      </label>
      <FormError error={error} />
      {update.isSuccess ? (
        <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-700">
          Saved.
        </p>
      ) : null}
      <button type="submit" className={`${buttonClass} w-full`} disabled={update.isPending}>
        {update.isPending ? "Saving…" : "Save changes"}
      </button>
    </form>
  );
}
