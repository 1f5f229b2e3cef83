/** An mcp_sessions row as the data plane opens it. */
export interface SessionRow {
  id: string;
  orgId: string;
  namespaceId: string | null;
  serverId: string | null;
  virtualServerId: string | null;
  apiKeyId: string | null;
  userId: string | null;
  transport: string;
  protocolVersion: string | null;
  clientInfo: unknown;
  clientIp: string | null;
  createdAt: Date;
}
