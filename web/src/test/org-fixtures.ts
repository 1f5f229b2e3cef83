// An org with one user per role and one object of each kind (namespace, server, virtual server, API key,
// invitation, request and audit log rows), built through the real services, for the
// permission-matrix walk and the isolation suite.
import type { TRole } from "~/server/auth/permissions";
import { db } from "~/server/db";
import { addMember, createAccount, type TTestAccount, uniqueId } from "./fixtures";
import { accessTokenFor } from "./rest";

export interface TRoleMember extends TTestAccount {
  role: TRole;
  /** A real access JWT for REST calls as this member. */
  token: string;
}

export interface TPopulatedOrg {
  org: { id: string; slug: string; name: string };
  members: Record<TRole, TRoleMember>;
  namespace: { id: string; slug: string; name: string };
  server: { id: string; name: string };
  apiKey: { id: string; name: string; secret: string };
  virtualServer: { id: string; name: string };
  invitation: { id: string; email: string };
  requestLogId: bigint;
  auditLogId: string;
}

/** A unique server name (letters, digits, '-'; no "__"). */
export const uniqueServerName = (label = "srv") => uniqueId(label).replace(/[^A-Za-z0-9-]/g, "-");

/** A fresh org: owner (who signed up), admin, member and viewer, plus a namespace, a server, a key and log rows. */
export async function createPopulatedOrg(label = "org"): Promise<TPopulatedOrg> {
  const owner = await createAccount(`${label}-owner`);
  const others = await Promise.all(
    (["admin", "member", "viewer"] as const).map((role) => addMember(owner.org.id, role)),
  );
  const accounts: Record<TRole, TTestAccount> = {
    owner,
    admin: others[0]!,
    member: others[1]!,
    viewer: others[2]!,
  };
  const members = {} as Record<TRole, TRoleMember>;
  for (const [role, account] of Object.entries(accounts) as [TRole, TTestAccount][]) {
    members[role] = { ...account, role, token: await accessTokenFor(account, role) };
  }
  const namespace = await owner.caller.namespaces.create({ name: `Namespace ${uniqueId(label)}` });
  const server = await owner.caller.servers.create({
    namespaceId: namespace.id,
    name: uniqueServerName(label),
    transport: "stdio",
    command: "node",
    args: ["server.js"],
  });
  const key = await owner.caller.apiKeys.create({ name: `Key ${uniqueId(label)}`, namespaceIds: [namespace.id] });
  const virtualServer = await owner.caller.virtualServers.create({
    namespaceId: namespace.id,
    name: uniqueServerName(`${label}-vs`),
    entries: [{ serverId: server.id, kind: "tool", sourceName: "echo" }],
  });
  const { invitation } = await owner.caller.invitations.create({
    email: `${uniqueId(`${label}-invitee`)}@example.test`,
    role: "member",
  });
  // Request logs are written by the data plane; a row as it would write one.
  const requestLog = await db.requestLog.create({
    data: {
      orgId: owner.org.id,
      namespaceId: namespace.id,
      serverId: server.id,
      apiKeyId: key.apiKey.id,
      transport: "streamable-http",
      method: "tools/call",
      toolName: `${server.name}__echo`,
      status: "ok",
      latencyMs: 2.5,
    },
    select: { id: true },
  });
  const audit = await db.auditLog.findFirstOrThrow({
    where: { orgId: owner.org.id, targetId: namespace.id },
    select: { id: true },
  });
  return {
    org: owner.org,
    members,
    namespace: { id: namespace.id, slug: namespace.slug, name: namespace.name },
    server: { id: server.id, name: server.name },
    apiKey: { id: key.apiKey.id, name: key.apiKey.name, secret: key.secret },
    virtualServer: { id: virtualServer.id, name: virtualServer.name },
    invitation: { id: invitation.id, email: invitation.email },
    requestLogId: requestLog.id,
    auditLogId: audit.id,
  };
}
