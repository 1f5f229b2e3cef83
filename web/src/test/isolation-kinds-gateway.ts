// Isolation kinds (see isolation-kinds.ts): Namespaces, their servers and virtual servers, and API keys.
import { expect } from "vitest";
import { POST as rotateKey } from "~/app/api/v1/auth/api-keys/[id]/rotate/route";
import { PATCH as renameKey, DELETE as revokeKey } from "~/app/api/v1/auth/api-keys/[id]/route";
import { POST as createKey, GET as listKeys } from "~/app/api/v1/auth/api-keys/route";
import { DELETE as deleteServer, GET as getServer } from "~/app/api/v1/gateway/servers/[id]/route";
import { POST as createServer, GET as listServers } from "~/app/api/v1/gateway/servers/route";
import { GET as listNamespaces } from "~/app/api/v1/namespaces/route";
import {
  DELETE as deleteVirtualServer,
  GET as getVirtualServer,
  PUT as putVirtualServer,
} from "~/app/api/v1/virtual-servers/[id]/route";
import { POST as createVirtualServer, GET as listVirtualServers } from "~/app/api/v1/virtual-servers/route";
import { db } from "~/server/db";
import type { TKind, TWorld } from "./isolation-kinds";
import { uniqueServerName } from "./org-fixtures";
import { idParams, noRouteContext, restRequest } from "./rest";

export const GATEWAY_KINDS: TKind[] = [
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
];
