// One discovered list (tools, prompts, resources, templates) with descriptions and input schemas.

import type { TDiscoveredItem } from "~/server/services/servers/get-server-details";

export function DiscoveredItems({
  title,
  items,
  schemaLabel,
}: {
  title: string;
  items: TDiscoveredItem[];
  /** "Input schema" for tools, "Arguments" for prompts; nothing for resources. */
  schemaLabel?: string;
}) {
  const id = `discovered-${title.toLowerCase().replace(/\s+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="mt-4">
      <h3 id={id} className="text-sm font-semibold text-slate-700">
        {title} <span className="font-normal text-slate-500">({items.length})</span>
      </h3>
      {items.length === 0 ? (
        <p className="mt-1 text-sm text-slate-500">None discovered.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100 rounded border border-slate-200" aria-label={title}>
          {items.map((item) => (
            <li key={`${item.name}\u0000${item.uri ?? item.uriTemplate ?? ""}`} className="p-3 text-sm">
              <div className="flex flex-wrap items-baseline gap-2">
                <span className="font-mono font-semibold">{item.name}</span>
                {item.title ? <span className="text-slate-600">{item.title}</span> : null}
                {item.uri && item.uri !== item.name ? <code className="text-xs text-slate-500">{item.uri}</code> : null}
                {item.uriTemplate && item.uriTemplate !== item.name ? (
                  <code className="text-xs text-slate-500">{item.uriTemplate}</code>
                ) : null}
                {item.mimeType ? <span className="text-xs text-slate-500">{item.mimeType}</span> : null}
              </div>
              {item.description ? <p className="mt-1 text-slate-600">{item.description}</p> : null}
              {schemaLabel && item.inputSchema ? (
                <details className="mt-1">
                  <summary className="cursor-pointer text-xs text-indigo-700">{schemaLabel}</summary>
                  <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs">
                    {JSON.stringify(item.inputSchema, null, 2)}
                  </pre>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
