"use client";

import { useState } from "react";
import { inputClass, labelClass } from "~/app/_components/ui";

/** The first error the server reported for a list field or any of its items ("conditions.tools.2"). */
export function listError(fields: Record<string, string>, field: string): string | undefined {
  const key = Object.keys(fields).find((name) => name === field || name.startsWith(`${field}.`));
  return key ? fields[key] : undefined;
}

/** Values typed as text, separated by commas, spaces or new lines. */
export function splitValues(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((value) => value.trim())
    .filter(Boolean);
}

export function ValuesInput({
  id,
  label,
  hint,
  placeholder,
  initial,
  error,
  onChange,
}: {
  id: string;
  label: string;
  hint: string;
  placeholder: string;
  initial: string[];
  error: string | undefined;
  onChange: (values: string[]) => void;
}) {
  const [text, setText] = useState(initial.join(", "));
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input
        id={id}
        className={inputClass}
        value={text}
        placeholder={placeholder}
        aria-describedby={`${id}-hint`}
        onChange={(event) => {
          setText(event.target.value);
          onChange(splitValues(event.target.value));
        }}
      />
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        {hint}
      </p>
      {error ? <p className="text-xs text-red-600">{error}</p> : null}
    </div>
  );
}

export function CheckboxGroup({
  legend,
  hint,
  options,
  selected,
  error,
  onChange,
}: {
  legend: string;
  hint: string;
  options: { value: string; label: string }[];
  selected: string[];
  error: string | undefined;
  onChange: (values: string[]) => void;
}) {
  return (
    <fieldset className="space-y-1">
      <legend className={labelClass}>{legend}</legend>
      <p className="text-xs text-slate-500">{hint}</p>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {options.map((option) => (
          <label key={option.value} className="flex items-center gap-1.5 text-sm">
            <input
              type="checkbox"
              checked={selected.includes(option.value)}
              onChange={(event) =>
                onChange(
                  event.target.checked
                    ? [...selected, option.value]
                    : selected.filter((value) => value !== option.value),
                )
              }
            />
            <span className="font-mono text-xs">{option.label}</span>
          </label>
        ))}
      </div>
      {error ? <p className="text-xs text-red-600">{error}</p> : null}
    </fieldset>
  );
}
