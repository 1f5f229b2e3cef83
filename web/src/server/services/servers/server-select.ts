import "server-only";
import type { Prisma } from "@omnimesh/db/client";
import { decryptRecord } from "@omnimesh/db/crypto";
import { env } from "~/env";

export const serverSelect = {
  id: true,
  namespaceId: true,
  name: true,
  description: true,
  transport: true,
  command: true,
  args: true,
  envEncrypted: true,
  url: true,
  headersEncrypted: true,
  enabled: true,
  timeoutMs: true,
  isolated: true,
  healthStatus: true,
  lastHealthAt: true,
  lastError: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.McpServerSelect;

export type TServerRow = Prisma.McpServerGetPayload<{ select: typeof serverSelect }>;

export const TRANSPORTS = ["stdio", "streamable-http", "sse", "websocket"] as const;
export type TTransport = (typeof TRANSPORTS)[number];

/** A server as the API shows it: secrets never leave the server, only the names of env vars and headers. */
export interface TServer {
  id: string;
  namespaceId: string;
  name: string;
  description: string;
  transport: TTransport;
  command: string | null;
  args: string[];
  envNames: string[];
  url: string | null;
  headerNames: string[];
  enabled: boolean;
  timeoutMs: number;
  isolated: boolean;
  healthStatus: string;
  lastHealthAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toDbTransport(transport: TTransport): TServerRow["transport"] {
  return transport === "streamable-http" ? "streamable_http" : transport;
}

function fromDbTransport(transport: TServerRow["transport"]): TTransport {
  return transport === "streamable_http" ? "streamable-http" : transport;
}

function sealedNames(sealed: string | null): string[] {
  try {
    return Object.keys(decryptRecord(sealed, env.OMNIMESH_ENCRYPTION_KEY)).sort();
  } catch {
    return []; // sealed under another key: the names are unknown, which is not worth failing the list for
  }
}

export function toServer(row: TServerRow): TServer {
  const { envEncrypted, headersEncrypted, transport, ...rest } = row;
  return {
    ...rest,
    transport: fromDbTransport(transport),
    envNames: sealedNames(envEncrypted),
    headerNames: sealedNames(headersEncrypted),
  };
}
