"use client";

import { type FormEvent, Fragment, type ReactNode, useState } from "react";
import { buttonClass, cardClass, dangerButtonClass, EmptyState, secondaryButtonClass } from "./ui";

// The pieces of a "list of cards + side form" page (policies, rate limits, virtual servers): the list
// section, one card per item with Edit / Enable-Disable / Delete, and the side section with the create form.

/** The list column: its heading, a loading line, the empty state, the cards and the last mutation error. */
export function ItemListSection({
  id,
  heading,
  label,
  isLoading,
  isEmpty,
  empty,
  error,
  children,
}: {
  id: string;
  heading: string;
  label: string;
  isLoading: boolean;
  isEmpty: boolean;
  empty: ReactNode;
  error: { message: string } | null | undefined;
  children: ReactNode;
}) {
  return (
    <section className="space-y-3 lg:col-span-3" aria-labelledby={id}>
      <h2 id={id} className="text-lg font-semibold">
        {heading}
      </h2>
      {isLoading ? <p className="text-sm text-slate-500">Loading…</p> : null}
      {isEmpty ? <EmptyState>{empty}</EmptyState> : null}
      <ul className="space-y-3" aria-label={label}>
        {children}
      </ul>
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error.message}
        </p>
      ) : null}
    </section>
  );
}

export function ItemCard({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid={testId}>
      {children}
    </li>
  );
}

export function EnabledBadge({ enabled, testId }: { enabled: boolean; testId?: string }) {
  return (
    <span
      className={`rounded px-2 py-0.5 text-xs ${enabled ? "bg-emerald-50 text-emerald-700" : "bg-slate-100 text-slate-500"}`}
      data-testid={testId}
    >
      {enabled ? "enabled" : "disabled"}
    </span>
  );
}

/** Edit, Enable/Disable and Delete (after the browser's confirm) for one item named `name`. */
export function ItemActions({
  name,
  kind,
  enabled,
  onEdit,
  onSetEnabled,
  setEnabledPending,
  onDelete,
  deletePending,
}: {
  name: string;
  /** What the item is, for the confirm question: `Delete ${kind} "${name}"?` */
  kind: string;
  enabled: boolean;
  onEdit: () => void;
  onSetEnabled: (enabled: boolean) => void;
  setEnabledPending: boolean;
  onDelete: () => void;
  deletePending: boolean;
}) {
  return (
    <div className="flex gap-2">
      <button type="button" className={secondaryButtonClass} onClick={onEdit}>
        Edit
      </button>
      <button
        type="button"
        className={secondaryButtonClass}
        disabled={setEnabledPending}
        aria-label={`${enabled ? "Disable" : "Enable"} ${name}`}
        onClick={() => onSetEnabled(!enabled)}
      >
        {enabled ? "Disable" : "Enable"}
      </button>
      <button
        type="button"
        className={dangerButtonClass}
        disabled={deletePending}
        aria-label={`Delete ${name}`}
        onClick={() => {
          if (window.confirm(`Delete ${kind} "${name}"?`)) onDelete();
        }}
      >
        Delete
      </button>
    </div>
  );
}

/**
 * The side column with the create form. `children` gets an `onDone` to call after a create: the form
 * is then remounted, so it starts empty again.
 */
export function NewItemSection({
  id,
  heading,
  children,
}: {
  id: string;
  heading: string;
  children: (onDone: () => void) => ReactNode;
}) {
  const [generation, setGeneration] = useState(0);
  return (
    <section className={`${cardClass} lg:col-span-2`} aria-labelledby={id}>
      <h2 id={id} className="mb-4 text-lg font-semibold">
        {heading}
      </h2>
      <Fragment key={generation}>{children(() => setGeneration((n) => n + 1))}</Fragment>
    </section>
  );
}

/** The create or edit form of one item, labelled "Edit <name>" when editing and `newLabel` otherwise. */
export function ItemForm({
  editingName,
  newLabel,
  onSubmit,
  children,
}: {
  editingName: string | undefined;
  newLabel: string;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={onSubmit}
      className="space-y-4"
      noValidate
      aria-label={editingName !== undefined ? `Edit ${editingName}` : newLabel}
    >
      {children}
    </form>
  );
}

/** Submit ("Save changes" when editing, `createLabel` otherwise) and, when editing, Cancel. */
export function FormActions({
  editing,
  createLabel,
  pending,
  onCancel,
}: {
  editing: boolean;
  createLabel: string;
  pending: boolean;
  onCancel: () => void;
}) {
  return (
    <div className="flex gap-2">
      <button type="submit" className={buttonClass} disabled={pending}>
        {editing ? "Save changes" : createLabel}
      </button>
      {editing ? (
        <button type="button" className={secondaryButtonClass} onClick={onCancel}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}
