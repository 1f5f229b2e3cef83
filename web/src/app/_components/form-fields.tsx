import { Field, inputClass } from "./ui";

// Labelled, controlled form rows (label, control, hint and field error) of the edit forms and filter bars.

export function TextField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  placeholder,
  required,
  type,
  min,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  placeholder?: string;
  required?: boolean;
  type?: "text" | "number";
  min?: number;
}) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        type={type}
        min={min}
        required={required}
        className={inputClass}
        value={value}
        placeholder={placeholder}
        onChange={(event) => onChange(event.target.value)}
      />
    </Field>
  );
}

/** A select whose first, empty choice (`emptyLabel`) means "any" / "all". */
export function SelectField({
  id,
  label,
  value,
  emptyLabel,
  options,
  onChange,
  error,
}: {
  id: string;
  label: string;
  value: string;
  emptyLabel: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  return (
    <Field id={id} label={label} error={error}>
      <select id={id} className={inputClass} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{emptyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A namespace picker whose empty choice means "all namespaces" (policies, rate limits, log filters). */
export function NamespaceSelect({
  id,
  value,
  namespaces,
  error,
  onChange,
}: {
  id: string;
  value: string;
  namespaces: readonly { id: string; name: string }[];
  error?: string | undefined;
  onChange: (namespaceId: string) => void;
}) {
  return (
    <SelectField
      id={id}
      label="Namespace"
      value={value}
      emptyLabel="All namespaces"
      options={namespaces.map((ns) => ({ value: ns.id, label: ns.name }))}
      onChange={onChange}
      error={error}
    />
  );
}
