"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { NotFoundCard } from "~/app/_components/not-found-card";
import { cardClass, PageHeader } from "~/app/_components/ui";
import { useCan } from "~/app/_components/use-can";
import { useTRPC } from "~/trpc/react";
import { CheckedAt, HealthBadge, LastError } from "../../health-badge";
import { DiscoveredItems } from "./discovered-items";
import { EditServerForm } from "./edit-server-form";

const REFRESH_MS = 5_000;

export function ServerDetailView({ slug, serverId }: { slug: string; serverId: string }) {
  const trpc = useTRPC();
  const details = useQuery(
    trpc.servers.details.queryOptions({ id: serverId }, { retry: false, refetchInterval: REFRESH_MS }),
  );
  const canWrite = useCan("server:write");

  if (details.isLoading) return <p className="text-sm text-slate-500">Loading…</p>;
  if (!details.data) {
    return <NotFoundCard title="Server not found" backHref={`/namespaces/${slug}`} backLabel="Back to the namespace" />;
  }
  const server = details.data;
  const info = server.serverInfo;

  return (
    <>
      <PageHeader title={server.name} description={server.description || `${server.transport} server`}>
        <Link href={`/namespaces/${slug}`} className="text-sm text-indigo-600 hover:underline">
          ← Back to the namespace
        </Link>
      </PageHeader>

      <div className="grid gap-6 lg:grid-cols-5">
        <div className="space-y-6 lg:col-span-3">
          <section className={cardClass} aria-labelledby="health-heading">
            <h2 id="health-heading" className="text-lg font-semibold">
              Health
            </h2>
            <p className="mt-2 flex flex-wrap items-center gap-2 text-sm">
              <HealthBadge status={server.healthStatus} error={server.lastError} />
              <CheckedAt at={server.lastHealthAt} />
              {server.enabled ? null : <span className="text-slate-500">(disabled: not checked)</span>}
            </p>
            <LastError error={server.lastError} />
            {info ? (
              <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm" aria-label="Server info">
                <dt className="text-slate-500">Implementation</dt>
                <dd className="font-mono">
                  {String(info.name ?? "")} {String(info.version ?? "")}
                </dd>
                {typeof info.title === "string" ? (
                  <>
                    <dt className="text-slate-500">Title</dt>
                    <dd>{info.title}</dd>
                  </>
                ) : null}
                {typeof info.pingMs === "number" ? (
                  <>
                    <dt className="text-slate-500">Ping</dt>
                    <dd>{info.pingMs} ms</dd>
                  </>
                ) : null}
                {typeof info.instructions === "string" ? (
                  <>
                    <dt className="text-slate-500">Instructions</dt>
                    <dd className="whitespace-pre-wrap">{info.instructions}</dd>
                  </>
                ) : null}
              </dl>
            ) : null}
            {server.advertised ? (
              <details className="mt-3 text-sm">
                <summary className="cursor-pointer text-indigo-700">Advertised capabilities</summary>
                <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs">
                  {JSON.stringify(server.advertised, null, 2)}
                </pre>
              </details>
            ) : null}
          </section>

          <section className={cardClass} aria-labelledby="discovered-heading">
            <h2 id="discovered-heading" className="text-lg font-semibold">
              Discovered
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              What the data plane last read from the server. Names are exposed to clients as{" "}
              <code>{server.name}__&lt;name&gt;</code> on the namespace endpoint.
            </p>
            <DiscoveredItems title="Tools" items={server.tools} schemaLabel="Input schema" />
            <DiscoveredItems title="Prompts" items={server.prompts} schemaLabel="Arguments" />
            <DiscoveredItems title="Resources" items={server.resources} />
            <DiscoveredItems title="Resource templates" items={server.resourceTemplates} />
          </section>
        </div>

        {canWrite ? (
          <section className={`${cardClass} lg:col-span-2`} aria-labelledby="edit-heading">
            <h2 id="edit-heading" className="mb-4 text-lg font-semibold">
              Edit server
            </h2>
            <EditServerForm server={server} />
          </section>
        ) : null}
      </div>
    </>
  );
}
