import "server-only";
import { z } from "zod";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { ZObjectId } from "~/server/services/namespaces/namespace-select";
import { serverSelect, type TServer, toServer } from "./server-select";

export const ZGetServerDetailsInput = z.object({ id: ZObjectId });
export type TGetServerDetailsInput = z.output<typeof ZGetServerDetailsInput>;

/** One tool, prompt, resource or resource template as the data plane's discovery recorded it. */
export interface TDiscoveredItem {
  /** Tool/prompt name, resource name; for templates the URI template. */
  name: string;
  title: string | null;
  description: string | null;
  uri: string | null;
  uriTemplate: string | null;
  mimeType: string | null;
  /** Tools: the JSON Schema of their arguments; prompts: their argument list. */
  inputSchema: unknown;
}

export interface TServerDetails extends TServer {
  /** From the upstream's initialize: name, version, title, instructions, and the ping time. */
  serverInfo: Record<string, unknown> | null;
  /** What the upstream advertised in initialize (tools, prompts, resources, logging, …). */
  advertised: Record<string, unknown> | null;
  tools: TDiscoveredItem[];
  prompts: TDiscoveredItem[];
  resources: TDiscoveredItem[];
  resourceTemplates: TDiscoveredItem[];
}

const detailsSelect = { ...serverSelect, capabilities: true, serverInfo: true } as const;

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

const text = (value: unknown) => (typeof value === "string" ? value : null);

function items(list: unknown): TDiscoveredItem[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((raw) => {
    const item = record(raw);
    if (!item) return [];
    const name = text(item.name) ?? text(item.uriTemplate) ?? text(item.uri);
    if (!name) return [];
    return [
      {
        name,
        title: text(item.title),
        description: text(item.description),
        uri: text(item.uri),
        uriTemplate: text(item.uriTemplate),
        mimeType: text(item.mimeType),
        inputSchema: item.inputSchema ?? item.arguments ?? null,
      },
    ];
  });
}

/** A server with what discovery learned about it (health, server info, lists). Org-scoped. */
export async function getServerDetails(orgId: string, input: TGetServerDetailsInput): Promise<TServerDetails> {
  const row = await db.mcpServer.findFirst({ where: { id: input.id, orgId }, select: detailsSelect });
  if (!row) throw AppError.notFound("Server");
  const { capabilities, serverInfo, ...server } = row;
  const known = record(capabilities) ?? {};
  return {
    ...toServer(server),
    serverInfo: record(serverInfo),
    advertised: record(known.advertised),
    tools: items(known.tools),
    prompts: items(known.prompts),
    resources: items(known.resources),
    resourceTemplates: items(known.resourceTemplates),
  };
}
