import type { ReactNode } from "react";

/** A column header: its text, or its text and extra classes (e.g. `text-right` for numbers). */
export type TColumn = string | { label: string; className: string };

/**
 * The bordered, horizontally scrolling table of the list pages. `children` are the body rows; `actions`
 * adds a last, visually hidden "Actions" header; `dense` uses the narrower cell padding of the log pages.
 */
export function DataTable({
  label,
  columns,
  actions = false,
  dense = false,
  className = "",
  children,
}: {
  label?: string;
  columns: readonly TColumn[];
  actions?: boolean;
  dense?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const cell = dense ? "px-3 py-2" : "px-4 py-2";
  return (
    <div className={`${className} overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm`.trim()}>
      <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label={label}>
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase text-slate-500">
          <tr>
            {columns.map((column) =>
              typeof column === "string" ? (
                <th key={column} className={cell}>
                  {column}
                </th>
              ) : (
                <th key={column.label} className={`${cell} ${column.className}`}>
                  {column.label}
                </th>
              ),
            )}
            {actions ? (
              <th className={cell}>
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
