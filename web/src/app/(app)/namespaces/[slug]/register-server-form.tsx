"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "~/app/_components/form-error";
import { buttonClass, Field, inputClass } from "~/app/_components/ui";
import { errorDetails, type TErrorDetails } from "~/app/_lib/error-details";
import { parseArgs, parsePairs } from "~/app/_lib/parse-server-fields";
import { useTRPC } from "~/trpc/react";

type TTransport = "stdio" | "streamable-http" | "sse" | "websocket";

const TRANSPORT_OPTIONS: { value: TTransport; label: string }[] = [
  { value: "stdio", label: "stdio (local command)" },
  { value: "streamable-http", label: "Streamable HTTP" },
  { value: "sse", label: "SSE (legacy HTTP)" },
  { value: "websocket", label: "WebSocket" },
];

export function RegisterServerForm({ namespaceId }: { namespaceId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [transport, setTransport] = useState<TTransport>("stdio");
  const [localError, setLocalError] = useState<TErrorDetails | null>(null);
  const create = useMutation(
    trpc.servers.create.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.servers.list.queryKey({ namespaceId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.namespaces.list.queryKey() }),
        ]);
      },
    }),
  );
  const error = localError ?? errorDetails(create.error);
  const fieldError = (name: string) =>
    error?.fields[name] ?? Object.entries(error?.fields ?? {}).find(([key]) => key.startsWith(`${name}.`))?.[1];

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? "");
    setLocalError(null);
    create.reset();
    const common = { namespaceId, name: text("name"), description: text("description") };
    const onSuccess = () => formElement.reset();

    if (transport === "stdio") {
      const env = parsePairs(text("env"), "=");
      if (env.badLines.length > 0) {
        setLocalError({
          message: "Check the environment variables.",
          fields: { env: `Line ${env.badLines.join(", ")}: use KEY=VALUE` },
        });
        return;
      }
      create.mutate(
        { ...common, transport, command: text("command"), args: parseArgs(text("args")), env: env.values },
        { onSuccess },
      );
      return;
    }
    const headers = parsePairs(text("headers"), ":");
    if (headers.badLines.length > 0) {
      setLocalError({
        message: "Check the headers.",
        fields: { headers: `Line ${headers.badLines.join(", ")}: use Name: value` },
      });
      return;
    }
    create.mutate({ ...common, transport, url: text("url").trim(), headers: headers.values }, { onSuccess });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field id="server-name" label="Server name" hint="Prefixes its tools: name__tool." error={fieldError("name")}>
        <input id="server-name" name="name" required className={inputClass} placeholder="everything" />
      </Field>
      <Field id="server-transport" label="Transport">
        <select
          id="server-transport"
          name="transport"
          value={transport}
          onChange={(event) => setTransport(event.target.value as TTransport)}
          className={inputClass}
        >
          {TRANSPORT_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </Field>
      {transport === "stdio" ? (
        <>
          <Field id="server-command" label="Command" error={fieldError("command")}>
            <input id="server-command" name="command" required className={inputClass} placeholder="npx" />
          </Field>
          <Field
            id="server-args"
            label="Arguments"
            hint="Space-separated on one line, or one argument per line."
            error={fieldError("args")}
          >
            <textarea
              id="server-args"
              name="args"
              rows={3}
              className={`${inputClass} font-mono`}
              placeholder="-y @modelcontextprotocol/server-everything"
            />
          </Field>
          <Field
            id="server-env"
            label="Environment variables"
            hint="KEY=VALUE, one per line. Stored encrypted; only names are shown later."
            error={fieldError("env")}
          >
            <textarea
              id="server-env"
              name="env"
              rows={3}
              className={`${inputClass} font-mono`}
              placeholder="API_TOKEN=…"
            />
          </Field>
        </>
      ) : (
        <>
          <Field id="server-url" label="URL" error={fieldError("url")}>
            <input
              id="server-url"
              name="url"
              type="url"
              required
              className={inputClass}
              placeholder={transport === "websocket" ? "wss://example.com/mcp" : "https://example.com/mcp"}
            />
          </Field>
          <Field
            id="server-headers"
            label="Headers"
            hint="Name: value, one per line. Stored encrypted; only names are shown later."
            error={fieldError("headers")}
          >
            <textarea
              id="server-headers"
              name="headers"
              rows={3}
              className={`${inputClass} font-mono`}
              placeholder="Authorization: Bearer …"
            />
          </Field>
        </>
      )}
      <Field id="server-description" label="Description" error={fieldError("description")}>
        <input id="server-description" name="description" className={inputClass} />
      </Field>
      <FormError error={error} />
      {create.isSuccess ? (
        <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-700">
          Server “{create.data.name}” registered.
        </p>
      ) : null}
      <button type="submit" className={`${buttonClass} w-full`} disabled={create.isPending}>
        {create.isPending ? "Registering…" : "Register server"}
      </button>
    </form>
  );
}
