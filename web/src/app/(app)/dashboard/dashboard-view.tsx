"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { cardClass, PageHeader } from "~/app/_components/ui";
import { useTRPC } from "~/trpc/react";

export function DashboardView() {
  const trpc = useTRPC();
  const org = useQuery(trpc.org.current.queryOptions());
  const namespaces = useQuery(trpc.namespaces.list.queryOptions());
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const logs = useQuery(trpc.logs.list.queryOptions({ limit: 5 }));

  const serverCount = namespaces.data?.reduce((sum, ns) => sum + ns.serverCount, 0);
  const activeKeys = keys.data?.filter((key) => !key.revokedAt).length;
  const stats = [
    { label: "Namespaces", value: namespaces.data?.length },
    { label: "MCP servers", value: serverCount },
    { label: "Active API keys", value: activeKeys },
  ];

  return (
    <>
      <PageHeader
        title={org.data ? `Welcome to ${org.data.org.name}` : "Dashboard"}
        description="Register MCP servers in a namespace, create an API key, and point your MCP client at the namespace endpoint."
      />
      <div className="grid gap-4 sm:grid-cols-3">
        {stats.map((stat) => (
          <div key={stat.label} className={cardClass}>
            <p className="text-sm text-slate-500">{stat.label}</p>
            <p className="mt-1 text-3xl font-semibold">{stat.value ?? "—"}</p>
          </div>
        ))}
      </div>
      <section className={`${cardClass} mt-6`}>
        <div className="mb-3 flex items-center justify-between">
          <h2 className="text-lg font-semibold">Recent requests</h2>
          <Link href="/logs" className="text-sm font-medium text-indigo-600 hover:underline">
            See every request
          </Link>
        </div>
        {logs.data?.items.length ? (
          <ul className="divide-y divide-slate-100 text-sm">
            {logs.data.items.map((log) => (
              <li key={log.id} className="flex flex-wrap gap-x-4 py-2">
                <span className="text-slate-500">{log.createdAt.toLocaleString()}</span>
                <span className="font-mono">{log.method}</span>
                {log.toolName ? <span className="font-mono text-slate-600">{log.toolName}</span> : null}
                <span className={log.status === "ok" ? "text-emerald-700" : "text-red-700"}>{log.status}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-500">No MCP requests yet.</p>
        )}
      </section>
    </>
  );
}
