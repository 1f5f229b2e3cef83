"use client";

import { useState } from "react";
import { dangerButtonClass, inputClass, secondaryButtonClass } from "~/app/_components/ui";
import { keyStatus, namespacesLabel, scopeLabel } from "./api-key-labels";

export interface TApiKeyRowData {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  namespaceIds: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  createdAt: Date;
  createdBy: { id: string; email: string } | null;
}

interface ApiKeyRowProps {
  apiKey: TApiKeyRowData;
  namespaceNames: Map<string, string>;
  /** The caller may rename, rotate and revoke this key (their own, or any as owner/admin). */
  canChange: boolean;
  busy: boolean;
  onRename: (name: string) => Promise<unknown>;
  onRotate: () => void;
  onRevoke: () => void;
}

const cell = "px-4 py-2 align-top";

export function ApiKeyRow({ apiKey, namespaceNames, canChange, busy, onRename, onRotate, onRevoke }: ApiKeyRowProps) {
  const [editing, setEditing] = useState(false);
  const status = keyStatus(apiKey);
  return (
    <tr data-testid={`api-key-${apiKey.prefix}`}>
      <td className={`${cell} font-medium`}>
        {editing ? (
          <form
            className="flex gap-1"
            onSubmit={async (event) => {
              event.preventDefault();
              const name = String(new FormData(event.currentTarget).get("name") ?? "");
              await onRename(name).then(
                () => setEditing(false),
                () => {},
              );
            }}
          >
            <label className="sr-only" htmlFor={`rename-${apiKey.id}`}>
              New name for {apiKey.name}
            </label>
            <input id={`rename-${apiKey.id}`} name="name" defaultValue={apiKey.name} className={inputClass} />
            <button type="submit" className={secondaryButtonClass} disabled={busy}>
              Save
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => setEditing(false)}>
              Cancel
            </button>
          </form>
        ) : (
          apiKey.name
        )}
      </td>
      <td className={`${cell} font-mono text-slate-600`}>{apiKey.prefix}…</td>
      <td className={cell}>
        <div>{scopeLabel(apiKey.scopes)}</div>
        <div className="text-xs text-slate-500">{namespacesLabel(apiKey.namespaceIds, namespaceNames)}</div>
      </td>
      <td className={`${cell} text-slate-600`}>{apiKey.expiresAt ? apiKey.expiresAt.toLocaleDateString() : "Never"}</td>
      <td className={`${cell} text-slate-600`}>
        <div>{apiKey.createdBy?.email ?? "(deleted user)"}</div>
        <div className="text-xs text-slate-500">{apiKey.createdAt.toLocaleDateString()}</div>
      </td>
      <td className={`${cell} text-slate-600`}>
        {apiKey.lastUsedAt ? (
          <>
            <div>{apiKey.lastUsedAt.toLocaleString()}</div>
            <div className="font-mono text-xs text-slate-500">{apiKey.lastUsedIp ?? "unknown IP"}</div>
          </>
        ) : (
          "Never"
        )}
      </td>
      <td className={cell}>
        <span className={status === "Active" ? "text-emerald-700" : "text-slate-500"}>{status}</span>
      </td>
      <td className={`${cell} whitespace-nowrap text-right`}>
        {canChange && !editing ? (
          <div className="flex justify-end gap-1">
            <button
              type="button"
              className={secondaryButtonClass}
              aria-label={`Rename ${apiKey.name}`}
              onClick={() => setEditing(true)}
            >
              Rename
            </button>
            {status === "Active" ? (
              <>
                <button
                  type="button"
                  className={secondaryButtonClass}
                  disabled={busy}
                  aria-label={`Rotate ${apiKey.name}`}
                  onClick={onRotate}
                >
                  Rotate
                </button>
                <button
                  type="button"
                  className={dangerButtonClass}
                  disabled={busy}
                  aria-label={`Revoke ${apiKey.name}`}
                  onClick={onRevoke}
                >
                  Revoke
                </button>
              </>
            ) : null}
          </div>
        ) : null}
      </td>
    </tr>
  );
}
