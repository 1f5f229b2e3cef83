// What a client message names, as every link of the chain sees it: the upstream server of a tools/call
// or prompts/get, and the canonical "<server>__<name>" that policies, rate limits and logs match on
// every endpoint (namespace, per-server, virtual) — shared by the session and session-less paths.
import { prefixedName } from "@omnimesh/db/names";
import type { NamespaceRoute, ServerConfig } from "../modules/routing/model.ts";
import type { NamespaceAggregator } from "./aggregator.ts";

export function callTarget(
  aggregator: Pick<NamespaceAggregator, "resolveName">,
  route: NamespaceRoute,
  method: string,
  params: Record<string, unknown> | undefined,
): { server: ServerConfig | null; toolName: string | null } {
  const kind = method === "tools/call" ? "tool" : method === "prompts/get" ? "prompt" : null;
  const target = kind ? aggregator.resolveName(route, params?.name, kind) : null;
  if (target) return { server: target.server, toolName: prefixedName(target.server.name, target.name) };
  // An unknown tool is still logged under the name the client asked for.
  return { server: null, toolName: method === "tools/call" ? ((params?.name as string | undefined) ?? null) : null };
}
