"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { DataTable } from "~/app/_components/data-table";
import { FormError } from "~/app/_components/form-error";
import { EmptyState, PageHeader } from "~/app/_components/ui";
import { errorDetails } from "~/app/_lib/error-details";
import { can } from "~/server/auth/permissions";
import { useTRPC } from "~/trpc/react";
import { ApiKeyRow } from "./api-key-row";
import { CreateApiKeyForm } from "./create-api-key-form";
import { NewSecretBanner, type TShownSecret } from "./new-secret-banner";

const COLUMNS = ["Name", "Prefix", "Access", "Expires", "Created by", "Last used", "Status"];

export function ApiKeysView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<TShownSecret | null>(null);
  const current = useQuery(trpc.org.current.queryOptions());
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const namespaces = useQuery(trpc.namespaces.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const rename = useMutation(trpc.apiKeys.rename.mutationOptions({ onSuccess: refresh }));
  const rotate = useMutation(
    trpc.apiKeys.rotate.mutationOptions({
      onSuccess: async (rotated) => {
        setSecret({ name: rotated.apiKey.name, value: rotated.secret, rotated: true });
        await refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: refresh }));
  const error = errorDetails(rename.error) ?? errorDetails(rotate.error) ?? errorDetails(revoke.error);

  const role = current.data?.role;
  const userId = current.data?.user.id;
  const canWrite = role ? can(role, "apiKey:write") : false;
  const canManage = role ? can(role, "apiKey:manage") : false;
  const namespaceNames = new Map((namespaces.data ?? []).map((ns) => [ns.id, ns.name]));
  const busy = rename.isPending || rotate.isPending || revoke.isPending;

  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys authenticate MCP clients at the data plane (and, with the admin scope, the REST API). Only a hash is stored."
      />
      {secret ? <NewSecretBanner secret={secret} onDone={() => setSecret(null)} /> : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <section className={canWrite ? "lg:col-span-2" : "lg:col-span-3"} aria-labelledby="keys-heading">
          <h2 id="keys-heading" className="sr-only">
            Existing keys
          </h2>
          <div className="mb-3">
            <FormError error={error} />
          </div>
          {keys.data?.length === 0 ? <EmptyState>No API keys yet.</EmptyState> : null}
          {keys.data?.length ? (
            <DataTable columns={COLUMNS} actions>
              {keys.data.map((key) => (
                <ApiKeyRow
                  key={key.id}
                  apiKey={key}
                  namespaceNames={namespaceNames}
                  canChange={canWrite && (canManage || key.createdBy?.id === userId)}
                  busy={busy}
                  onRename={(name) => rename.mutateAsync({ id: key.id, name })}
                  onRotate={() => {
                    if (window.confirm(`Rotate "${key.name}"? The current secret stops working at once.`)) {
                      rotate.mutate({ id: key.id });
                    }
                  }}
                  onRevoke={() => {
                    if (window.confirm(`Revoke "${key.name}"? Clients using it stop working at once.`)) {
                      revoke.mutate({ id: key.id });
                    }
                  }}
                />
              ))}
            </DataTable>
          ) : null}
        </section>
        {canWrite ? (
          <CreateApiKeyForm
            namespaces={namespaces.data ?? []}
            allowAdmin={canManage}
            onCreated={async (created) => {
              setSecret({ name: created.name, value: created.secret, rotated: false });
              await refresh();
            }}
          />
        ) : null}
      </div>
    </>
  );
}
