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
