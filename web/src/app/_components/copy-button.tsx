"use client";

import { useState } from "react";
import { secondaryButtonClass } from "./ui";

export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={secondaryButtonClass}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        } catch {
          setCopied(false); // clipboard refused (insecure context): the value is still selectable on screen
        }
      }}
    >
      {copied ? "Copied" : label}
    </button>
  );
}

/** An endpoint URL on its own line with a copy button (namespace and virtual-server endpoints). */
export function CopyableUrl({ url, testId, small = false }: { url: string; testId: string; small?: boolean }) {
  return (
    <div className="mt-3 flex items-center gap-2">
      <code
        className={`flex-1 break-all rounded bg-slate-100 px-3 py-2 font-mono ${small ? "text-xs" : "text-sm"}`}
        data-testid={testId}
      >
        {url}
      </code>
      <CopyButton value={url} label="Copy URL" />
    </div>
  );
}
