// The object kinds the isolation suite probes (web/src/test/isolation.test.ts): for each, the tRPC and REST
// calls org A makes at one of org B's objects, the listings that must not show it, and a check that it is
// unchanged afterwards. A new kind of object is one more entry here.
import { expect } from "vitest";
import { GET as listAudit } from "~/app/api/v1/admin/audit/route";
import { GET as listLogs } from "~/app/api/v1/admin/logs/route";
import { POST as rotateKey } from "~/app/api/v1/auth/api-keys/[id]/rotate/route";
import { PATCH as renameKey, DELETE as revokeKey } from "~/app/api/v1/auth/api-keys/[id]/route";
import { POST as createKey, GET as listKeys } from "~/app/api/v1/auth/api-keys/route";
import { DELETE as deleteServer, GET as getServer } from "~/app/api/v1/gateway/servers/[id]/route";
import { POST as createServer, GET as listServers } from "~/app/api/v1/gateway/servers/route";
import { POST as resendInvitation } from "~/app/api/v1/invitations/[id]/resend/route";
import { DELETE as revokeInvitation } from "~/app/api/v1/invitations/[id]/route";
import { GET as listInvitations } from "~/app/api/v1/invitations/route";
import { DELETE as removeMember, PATCH as updateMember } from "~/app/api/v1/members/[userId]/route";
import { GET as listMembers } from "~/app/api/v1/members/route";
import { GET as listNamespaces } from "~/app/api/v1/namespaces/route";
import { PATCH as updateOrg } from "~/app/api/v1/orgs/[id]/route";
import {
  DELETE as deleteVirtualServer,
  GET as getVirtualServer,
  PUT as putVirtualServer,
} from "~/app/api/v1/virtual-servers/[id]/route";
import { POST as createVirtualServer, GET as listVirtualServers } from "~/app/api/v1/virtual-servers/route";
import type { createCaller } from "~/server/api/root";
import { db } from "~/server/db";
import { type TPopulatedOrg, uniqueServerName } from "./org-fixtures";
import { idParams, noRouteContext, restRequest } from "./rest";

export interface TWorld {
  a: TPopulatedOrg;
  b: TPopulatedOrg;
  /** org A's owner through tRPC. */
  caller: ReturnType<typeof createCaller>;
  /** REST bearer tokens of org A: the owner's access JWT and an admin-scoped API key. */
  tokens: { jwt: string; apiKey: string };
}

type TRestCall = (world: TWorld, token: string) => Promise<Response>;
type TTrpcCall = (world: TWorld) => Promise<unknown>;

/**
 * A call whose refusal is not NOT_FOUND on purpose: e.g. naming another org's server inside a request body
 * is a validation error about that field, the very answer an id that does not exist gets.
 */
interface TOtherRefusal {
  call: TTrpcCall;
  code: "BAD_REQUEST";
}

export interface TKind {
  kind: string;
  /** tRPC calls aimed at one of org B's objects; each must fail with NOT_FOUND (unless stated). */
  trpc: Record<string, TTrpcCall | TOtherRefusal>;
  /** tRPC listings of org A; none may contain anything of org B. */
  trpcLists?: Record<string, (world: TWorld) => Promise<unknown>>;
  /** REST calls aimed at one of org B's objects; each must answer 404. */
  rest?: Record<string, TRestCall>;
  /** REST listings of org A; 200 and nothing of org B. */
  restLists?: Record<string, TRestCall>;
  /** Proves org B's object is as it was after all the attempts. */
  unchanged: (world: TWorld) => Promise<void>;
}

export const KINDS: TKind[] = [
  {
    kind: "namespace",
    trpc: {
      read: ({ b, caller }) => caller.namespaces.get({ id: b.namespace.id }),
      update: ({ b, caller }) => caller.namespaces.update({ id: b.namespace.id, name: "taken over" }),
      delete: ({ b, caller }) => caller.namespaces.delete({ id: b.namespace.id }),
      "use (register a server in it)": ({ b, caller }) =>
        caller.servers.create({
          namespaceId: b.namespace.id,
          name: uniqueServerName(),
          transport: "stdio",
          command: "x",
        }),
      "use (scope a key to it)": ({ b, caller }) =>
        caller.apiKeys.create({ name: "x", namespaceIds: [b.namespace.id] }),
    },
    trpcLists: { list: ({ caller }) => caller.namespaces.list() },
    rest: {
      "use (register a server in it)": ({ b }, token) =>
        createServer(
          restRequest("/api/v1/gateway/servers", {
            token,
            body: { namespaceId: b.namespace.id, name: uniqueServerName(), transport: "stdio", command: "x" },
          }),
          noRouteContext,
        ),
      "use (scope a key to it)": ({ b }, token) =>
        createKey(
          restRequest("/api/v1/auth/api-keys", { token, body: { name: "x", namespaceIds: [b.namespace.id] } }),
          noRouteContext,
        ),
      "list its servers": ({ b }, token) =>
        listServers(restRequest(`/api/v1/gateway/servers?namespaceId=${b.namespace.id}`, { token }), noRouteContext),
    },
    restLists: {
      list: (_world, token) => listNamespaces(restRequest("/api/v1/namespaces", { token }), noRouteContext),
    },
    async unchanged({ b }) {
      expect(await db.namespace.findUnique({ where: { id: b.namespace.id }, select: { name: true } })).toEqual({
        name: b.namespace.name,
      });
    },
  },
  {
    kind: "server",
    trpc: {
      read: ({ b, caller }) => caller.servers.get({ id: b.server.id }),
      "list by its namespace": ({ b, caller }) => caller.servers.list({ namespaceId: b.namespace.id }),
      update: ({ b, caller }) => caller.servers.update({ id: b.server.id, command: "evil" }),
      disable: ({ b, caller }) => caller.servers.setEnabled({ id: b.server.id, enabled: false }),
      delete: ({ b, caller }) => caller.servers.delete({ id: b.server.id }),
    },
    trpcLists: { list: ({ caller }) => caller.servers.list({}) },
    rest: {
      read: ({ b }, token) =>
        getServer(restRequest(`/api/v1/gateway/servers/${b.server.id}`, { token }), idParams(b.server.id)),
      delete: ({ b }, token) =>
        deleteServer(
          restRequest(`/api/v1/gateway/servers/${b.server.id}`, { method: "DELETE", token }),
          idParams(b.server.id),
        ),
    },
    restLists: {
      list: (_world, token) => listServers(restRequest("/api/v1/gateway/servers", { token }), noRouteContext),
    },
    async unchanged({ b }) {
      expect(
        await db.mcpServer.findUnique({ where: { id: b.server.id }, select: { command: true, enabled: true } }),
      ).toEqual({ command: "node", enabled: true });
    },
  },
  {
    kind: "api key",
    trpc: {
      rename: ({ b, caller }) => caller.apiKeys.rename({ id: b.apiKey.id, name: "taken over" }),
      rotate: ({ b, caller }) => caller.apiKeys.rotate({ id: b.apiKey.id }),
      revoke: ({ b, caller }) => caller.apiKeys.revoke({ id: b.apiKey.id }),
    },
    trpcLists: { list: ({ caller }) => caller.apiKeys.list() },
    rest: {
      rename: ({ b }, token) =>
        renameKey(
          restRequest(`/api/v1/auth/api-keys/${b.apiKey.id}`, { method: "PATCH", token, body: { name: "taken over" } }),
          idParams(b.apiKey.id),
        ),
      rotate: ({ b }, token) =>
        rotateKey(
          restRequest(`/api/v1/auth/api-keys/${b.apiKey.id}/rotate`, { method: "POST", token }),
          idParams(b.apiKey.id),
        ),
      revoke: ({ b }, token) =>
        revokeKey(
          restRequest(`/api/v1/auth/api-keys/${b.apiKey.id}`, { method: "DELETE", token }),
          idParams(b.apiKey.id),
        ),
    },
    restLists: { list: (_world, token) => listKeys(restRequest("/api/v1/auth/api-keys", { token }), noRouteContext) },
    async unchanged({ b }) {
      const row = await db.apiKey.findUniqueOrThrow({
        where: { id: b.apiKey.id },
        select: { name: true, revokedAt: true, prefix: true },
      });
      expect(row).toEqual({ name: b.apiKey.name, revokedAt: null, prefix: b.apiKey.secret.slice(0, 12) });
    },
  },
  {
    kind: "request log",
    trpc: {},
    trpcLists: {
      list: ({ caller }) => caller.logs.list({}),
      "filtered by its namespace": ({ b, caller }) => caller.logs.list({ namespaceId: b.namespace.id }),
      "filtered by its server": ({ b, caller }) => caller.logs.list({ serverId: b.server.id }),
    },
    restLists: {
      list: (_world, token) => listLogs(restRequest("/api/v1/admin/logs", { token }), noRouteContext),
      "filtered by its server": ({ b }, token) =>
        listLogs(restRequest(`/api/v1/admin/logs?serverId=${b.server.id}`, { token }), noRouteContext),
    },
    async unchanged({ b }) {
      expect(await db.requestLog.count({ where: { id: b.requestLogId } })).toBe(1);
    },
  },
  {
    kind: "audit log",
    trpc: {},
    trpcLists: {
      list: ({ caller }) => caller.audit.list({}),
      "filtered by its target": ({ b, caller }) => caller.audit.list({ targetId: b.namespace.id }),
      "filtered by its actor": ({ b, caller }) => caller.audit.list({ actor: b.members.owner.email }),
    },
    restLists: {
      list: (_world, token) => listAudit(restRequest("/api/v1/admin/audit", { token }), noRouteContext),
      "filtered by its actor": ({ b }, token) =>
        listAudit(
          restRequest(`/api/v1/admin/audit?actor=${encodeURIComponent(b.members.owner.email)}`, { token }),
          noRouteContext,
        ),
    },
    async unchanged({ b }) {
      expect(await db.auditLog.count({ where: { id: b.auditLogId } })).toBe(1);
    },
  },
  {
    kind: "virtual server",
    trpc: {
      read: ({ b, caller }) => caller.virtualServers.get({ id: b.virtualServer.id }),
      "list by its namespace": ({ b, caller }) => caller.virtualServers.list({ namespaceId: b.namespace.id }),
      update: ({ b, caller }) => caller.virtualServers.update({ id: b.virtualServer.id, enabled: false }),
      delete: ({ b, caller }) => caller.virtualServers.delete({ id: b.virtualServer.id }),
      "use (compose it in its namespace)": ({ b, caller }) =>
        caller.virtualServers.create({ namespaceId: b.namespace.id, name: uniqueServerName("vs") }),
      "use (expose its server's tool in org A)": {
        code: "BAD_REQUEST",
        call: ({ a, b, caller }: TWorld) =>
          caller.virtualServers.create({
            namespaceId: a.namespace.id,
            name: uniqueServerName("vs"),
            entries: [{ serverId: b.server.id, kind: "tool", sourceName: "echo" }],
          }),
      },
    },
    trpcLists: { list: ({ caller }) => caller.virtualServers.list({}) },
    rest: {
      read: ({ b }, token) =>
        getVirtualServer(
          restRequest(`/api/v1/virtual-servers/${b.virtualServer.id}`, { token }),
          idParams(b.virtualServer.id),
        ),
      update: ({ b }, token) =>
        putVirtualServer(
          restRequest(`/api/v1/virtual-servers/${b.virtualServer.id}`, {
            method: "PUT",
            token,
            body: { enabled: false },
          }),
          idParams(b.virtualServer.id),
        ),
      delete: ({ b }, token) =>
        deleteVirtualServer(
          restRequest(`/api/v1/virtual-servers/${b.virtualServer.id}`, { method: "DELETE", token }),
          idParams(b.virtualServer.id),
        ),
      "use (compose it in its namespace)": ({ b }, token) =>
        createVirtualServer(
          restRequest("/api/v1/virtual-servers", {
            token,
            body: { namespaceId: b.namespace.id, name: uniqueServerName("vs") },
          }),
          noRouteContext,
        ),
    },
    restLists: {
      list: (_world, token) => listVirtualServers(restRequest("/api/v1/virtual-servers", { token }), noRouteContext),
    },
    async unchanged({ b }) {
      expect(
        await db.virtualServer.findUnique({ where: { id: b.virtualServer.id }, select: { name: true, enabled: true } }),
      ).toEqual({ name: b.virtualServer.name, enabled: true });
    },
  },
  {
    kind: "invitation",
    trpc: {
      resend: ({ b, caller }) => caller.invitations.resend({ id: b.invitation.id }),
      revoke: ({ b, caller }) => caller.invitations.revoke({ id: b.invitation.id }),
    },
    trpcLists: { list: ({ caller }) => caller.invitations.list() },
    rest: {
      resend: ({ b }, token) =>
        resendInvitation(
          restRequest(`/api/v1/invitations/${b.invitation.id}/resend`, { method: "POST", token }),
          idParams(b.invitation.id),
        ),
      revoke: ({ b }, token) =>
        revokeInvitation(
          restRequest(`/api/v1/invitations/${b.invitation.id}`, { method: "DELETE", token }),
          idParams(b.invitation.id),
        ),
    },
    restLists: {
      list: (_world, token) => listInvitations(restRequest("/api/v1/invitations", { token }), noRouteContext),
    },
    async unchanged({ b }) {
      expect(
        await db.invitation.findUnique({ where: { id: b.invitation.id }, select: { revokedAt: true, email: true } }),
      ).toEqual({ revokedAt: null, email: b.invitation.email });
    },
  },
  {
    kind: "member",
    trpc: {
      "change role": ({ b, caller }) => caller.members.updateRole({ userId: b.members.viewer.userId, role: "admin" }),
      remove: ({ b, caller }) => caller.members.remove({ userId: b.members.viewer.userId }),
      "remove its owner": ({ b, caller }) => caller.members.remove({ userId: b.members.owner.userId }),
    },
    trpcLists: { list: ({ caller }) => caller.members.list() },
    rest: {
      "change role": ({ b }, token) =>
        updateMember(
          restRequest(`/api/v1/members/${b.members.viewer.userId}`, {
            method: "PATCH",
            token,
            body: { role: "admin" },
          }),
          { params: Promise.resolve({ userId: b.members.viewer.userId }) },
        ),
      remove: ({ b }, token) =>
        removeMember(restRequest(`/api/v1/members/${b.members.viewer.userId}`, { method: "DELETE", token }), {
          params: Promise.resolve({ userId: b.members.viewer.userId }),
        }),
    },
    restLists: { list: (_world, token) => listMembers(restRequest("/api/v1/members", { token }), noRouteContext) },
    async unchanged({ b }) {
      const rows = await db.membership.findMany({ where: { orgId: b.org.id }, select: { userId: true, role: true } });
      expect(rows).toHaveLength(4);
      expect(rows).toContainEqual({ userId: b.members.viewer.userId, role: "viewer" });
    },
  },
  {
    kind: "organization",
    trpc: {},
    rest: {
      update: ({ b }, token) =>
        updateOrg(
          restRequest(`/api/v1/orgs/${b.org.id}`, { method: "PATCH", token, body: { name: "taken over" } }),
          idParams(b.org.id),
        ),
    },
    async unchanged({ b }) {
      expect(await db.organization.findUnique({ where: { id: b.org.id }, select: { name: true } })).toEqual({
        name: b.org.name,
      });
    },
  },
];
