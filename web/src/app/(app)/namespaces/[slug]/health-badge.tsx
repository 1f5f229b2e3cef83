// Health of a server as the data plane's discovery last saw it.

const STYLES: Record<string, string> = {
  healthy: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  degraded: "bg-amber-50 text-amber-700 ring-amber-200",
  unhealthy: "bg-red-50 text-red-700 ring-red-200",
  unknown: "bg-slate-100 text-slate-600 ring-slate-200",
};

export function HealthBadge({ status, error }: { status: string; error?: string | null }) {
  return (
    <span
      className={`rounded px-2 py-0.5 text-xs ring-1 ring-inset ${STYLES[status] ?? STYLES.unknown}`}
      title={error ?? undefined}
      data-testid="health-badge"
    >
      {status}
    </span>
  );
}

/** "12 s ago", "5 min ago", … or "never" — the full timestamp goes in the title. */
export function CheckedAt({ at }: { at: Date | string | null }) {
  if (!at) return <span className="text-slate-500">never checked</span>;
  const date = new Date(at);
  const seconds = Math.max(0, Math.round((Date.now() - date.getTime()) / 1000));
  const ago =
    seconds < 60
      ? `${seconds} s ago`
      : seconds < 3_600
        ? `${Math.round(seconds / 60)} min ago`
        : seconds < 86_400
          ? `${Math.round(seconds / 3_600)} h ago`
          : date.toLocaleDateString();
  return (
    <time dateTime={date.toISOString()} title={date.toLocaleString()} className="text-slate-500">
      checked {ago}
    </time>
  );
}

/** The last error, folded: it can be a long stderr tail. */
export function LastError({ error }: { error: string | null }) {
  if (!error) return null;
  const short = error.length > 80 ? `${error.slice(0, 80)}…` : error;
  return (
    <details className="mt-1 text-sm text-red-700">
      <summary className="cursor-pointer break-all">Last error: {short}</summary>
      <pre className="mt-1 whitespace-pre-wrap break-all rounded bg-red-50 p-2 font-mono text-xs">{error}</pre>
    </details>
  );
}
