"use client";

import { dangerButtonClass, inputClass, labelClass } from "~/app/_components/ui";
import type { TEntrySuggestions } from "~/server/services/virtual-servers/list-entry-suggestions";

export type TEntryKind = "tool" | "resource" | "prompt";

/** One entry as the form edits it: plain strings, empty meaning "not set". */
export interface TEntryDraft {
  key: number;
  serverId: string;
  kind: TEntryKind;
  sourceName: string;
  exposedName: string;
  description: string;
}

/** One server of the namespace with the names the gateway has recorded for it (the suggestions query). */
export type TServerOption = TEntrySuggestions;

const KIND_LIST = { tool: "tools", prompt: "prompts", resource: "resources" } as const;

/** The entries editor: one row per upstream tool, prompt or resource the virtual server exposes. */
export function EntryRows({
  entries,
  servers,
  fieldError,
  onChange,
  onRemove,
}: {
  entries: TEntryDraft[];
  servers: TServerOption[];
  fieldError: (name: string) => string | undefined;
  onChange: (key: number, patch: Partial<TEntryDraft>) => void;
  onRemove: (key: number) => void;
}) {
  return (
    <ol className="space-y-3" aria-label="Entries">
      {entries.map((entry, index) => {
        const server = servers.find((option) => option.serverId === entry.serverId);
        const suggestions = server ? server[KIND_LIST[entry.kind]] : [];
        const id = `entry-${entry.key}`;
        const error = (field: string) => fieldError(`entries.${index}.${field}`);
        return (
          <li key={entry.key} className="rounded-md border border-slate-200 p-3" data-testid="entry-row">
            <div className="grid gap-2 sm:grid-cols-2">
              <div>
                <label htmlFor={`${id}-server`} className={labelClass}>
                  Server
                </label>
                <select
                  id={`${id}-server`}
                  className={inputClass}
                  value={entry.serverId}
                  onChange={(event) => onChange(entry.key, { serverId: event.target.value })}
                >
                  {servers.map((option) => (
                    <option key={option.serverId} value={option.serverId}>
                      {option.serverName}
                      {option.enabled ? "" : " (disabled)"}
                    </option>
                  ))}
                </select>
                {error("serverId") ? <p className="text-xs text-red-600">{error("serverId")}</p> : null}
              </div>
              <div>
                <label htmlFor={`${id}-kind`} className={labelClass}>
                  Kind
                </label>
                <select
                  id={`${id}-kind`}
                  className={inputClass}
                  value={entry.kind}
                  onChange={(event) => onChange(entry.key, { kind: event.target.value as TEntryKind })}
                >
                  <option value="tool">tool</option>
                  <option value="prompt">prompt</option>
                  <option value="resource">resource</option>
                </select>
              </div>
              <div>
                <label htmlFor={`${id}-source`} className={labelClass}>
                  {entry.kind === "resource" ? "Resource URI" : "Source name"}
                </label>
                <input
                  id={`${id}-source`}
                  className={`${inputClass} font-mono`}
                  value={entry.sourceName}
                  list={suggestions.length > 0 ? `${id}-suggestions` : undefined}
                  placeholder={entry.kind === "resource" ? "demo://info" : "echo"}
                  onChange={(event) => onChange(entry.key, { sourceName: event.target.value })}
                />
                {suggestions.length > 0 ? (
                  <datalist id={`${id}-suggestions`}>
                    {suggestions.map((name) => (
                      <option key={name} value={name} />
                    ))}
                  </datalist>
                ) : null}
                {error("sourceName") ? <p className="text-xs text-red-600">{error("sourceName")}</p> : null}
              </div>
              <div>
                <label htmlFor={`${id}-exposed`} className={labelClass}>
                  Exposed name (optional)
                </label>
                <input
                  id={`${id}-exposed`}
                  className={`${inputClass} font-mono`}
                  value={entry.exposedName}
                  placeholder={
                    entry.kind === "resource"
                      ? "upstream name"
                      : `${server?.serverName ?? "server"}__${entry.sourceName || "name"}`
                  }
                  onChange={(event) => onChange(entry.key, { exposedName: event.target.value })}
                />
                {error("exposedName") ? <p className="text-xs text-red-600">{error("exposedName")}</p> : null}
              </div>
              <div className="sm:col-span-2">
                <label htmlFor={`${id}-description`} className={labelClass}>
                  Description (optional, replaces the upstream's)
                </label>
                <input
                  id={`${id}-description`}
                  className={inputClass}
                  value={entry.description}
                  onChange={(event) => onChange(entry.key, { description: event.target.value })}
                />
                {error("description") ? <p className="text-xs text-red-600">{error("description")}</p> : null}
              </div>
            </div>
            <div className="mt-2 flex justify-end">
              <button
                type="button"
                className={dangerButtonClass}
                aria-label={`Remove entry ${index + 1}`}
                onClick={() => onRemove(entry.key)}
              >
                Remove
              </button>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
