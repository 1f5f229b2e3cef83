// Walks the permission matrix: every role × every action, through real tRPC calls (and REST where a
// route exists), against the answer documented in docs/permissions.md — which must equal PERMISSIONS.
import { readFileSync } from "node:fs";
import path from "node:path";
import { DATAPLANE_ACTIONS } from "@omnimesh/db/permissions";
import { parseDocumentedMatrix } from "@omnimesh/db/permissions-doc";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listAudit } from "~/app/api/v1/admin/audit/route";
import { GET as listLogs } from "~/app/api/v1/admin/logs/route";
import { POST as createKey, GET as listKeys } from "~/app/api/v1/auth/api-keys/route";
import { GET as getServer } from "~/app/api/v1/gateway/servers/[id]/route";
import { POST as createServer } from "~/app/api/v1/gateway/servers/route";
import { POST as createInvitation } from "~/app/api/v1/invitations/route";
import { PATCH as updateMemberRole } from "~/app/api/v1/members/[userId]/route";
import { POST as createNamespace, GET as listNamespaces } from "~/app/api/v1/namespaces/route";
import { DELETE as deleteOrg, PATCH as updateOrg } from "~/app/api/v1/orgs/[id]/route";
import { POST as createOrg } from "~/app/api/v1/orgs/route";
import { POST as createPolicy, GET as listPolicies } from "~/app/api/v1/policies/route";
import { POST as createRateLimit, GET as listRateLimits } from "~/app/api/v1/rate-limits/route";
import { GET as getVirtualServer } from "~/app/api/v1/virtual-servers/[id]/route";
import { POST as createVirtualServer } from "~/app/api/v1/virtual-servers/route";
import { PERMISSIONS, ROLES, type TPermission, type TRole } from "~/server/auth/permissions";
import { db } from "~/server/db";
import { addMember, uniqueId } from "~/test/fixtures";
import { createPopulatedOrg, type TPopulatedOrg, type TRoleMember, uniqueServerName } from "~/test/org-fixtures";
import { idParams, noRouteContext, restRequest } from "~/test/rest";

interface TProbeArgs {
  /** The member of `org` whose role is being checked. */
  as: TRoleMember;
  org: TPopulatedOrg;
}

interface TMatrixProbe {
  /** One real call through tRPC that needs exactly this action. */
  trpc: (args: TProbeArgs) => Promise<unknown>;
  /** The same through REST with the member's access JWT, where a route exists. */
  rest?: (args: TProbeArgs) => Promise<Response>;
  /** The call destroys or reshapes the org: build a fresh one for each role. */
  freshOrg?: boolean;
}

/** A fresh viewer of the org, for role changes that must not disturb the role fixtures. */
const newViewer = async (org: TPopulatedOrg) => (await addMember(org.org.id, "viewer")).userId;

const probes: Partial<Record<TPermission, TMatrixProbe>> = {
  "org:read": { trpc: ({ as }) => as.caller.org.current() },
  "org:create": {
    trpc: ({ as }) => as.caller.org.create({ name: uniqueId("Org") }),
    rest: ({ as }) =>
      createOrg(restRequest("/api/v1/orgs", { token: as.token, body: { name: uniqueId("Org") } }), noRouteContext),
  },
  "org:update": {
    trpc: ({ as, org }) => as.caller.org.update({ name: org.org.name }),
    rest: ({ as, org }) =>
      updateOrg(
        restRequest(`/api/v1/orgs/${org.org.id}`, { method: "PATCH", token: as.token, body: { name: org.org.name } }),
        idParams(org.org.id),
      ),
  },
  "org:delete": {
    freshOrg: true,
    trpc: ({ as, org }) => as.caller.org.delete({ confirmSlug: org.org.slug }),
    rest: ({ as, org }) =>
      deleteOrg(
        restRequest(`/api/v1/orgs/${org.org.id}`, {
          method: "DELETE",
          token: as.token,
          body: { confirmSlug: org.org.slug },
        }),
        idParams(org.org.id),
      ),
  },
  "org:leave": {
    freshOrg: true,
    async trpc({ as, org }) {
      // The last owner may never leave (a rule of its own, CONFLICT): give the org a second owner first.
      if (as.role === "owner") {
        const other = await addMember(org.org.id, "viewer");
        await db.membership.update({
          where: { orgId_userId: { orgId: org.org.id, userId: other.userId } },
          data: { role: "owner" },
          select: { id: true },
        });
      }
      return as.caller.org.leave();
    },
  },
  "member:manage": {
    trpc: async ({ as, org }) => as.caller.members.updateRole({ userId: await newViewer(org), role: "member" }),
    rest: async ({ as, org }) => {
      const userId = await newViewer(org);
      return updateMemberRole(
        restRequest(`/api/v1/members/${userId}`, { method: "PATCH", token: as.token, body: { role: "member" } }),
        { params: Promise.resolve({ userId }) },
      );
    },
  },
  "invite:manage": {
    trpc: ({ as }) => as.caller.invitations.create({ email: `${uniqueId("inv")}@example.test`, role: "member" }),
    rest: ({ as }) =>
      createInvitation(
        restRequest("/api/v1/invitations", {
          token: as.token,
          body: { email: `${uniqueId("inv")}@example.test`, role: "member" },
        }),
        noRouteContext,
      ),
  },
  "virtualServer:read": {
    trpc: ({ as, org }) => as.caller.virtualServers.get({ id: org.virtualServer.id }),
    rest: ({ as, org }) =>
      getVirtualServer(
        restRequest(`/api/v1/virtual-servers/${org.virtualServer.id}`, { token: as.token }),
        idParams(org.virtualServer.id),
      ),
  },
  "virtualServer:write": {
    trpc: ({ as, org }) =>
      as.caller.virtualServers.create({ namespaceId: org.namespace.id, name: uniqueServerName("vs") }),
    rest: ({ as, org }) =>
      createVirtualServer(
        restRequest("/api/v1/virtual-servers", {
          token: as.token,
          body: { namespaceId: org.namespace.id, name: uniqueServerName("vs") },
        }),
        noRouteContext,
      ),
  },
  "policy:read": {
    trpc: ({ as }) => as.caller.policies.list({}),
    rest: ({ as }) => listPolicies(restRequest("/api/v1/policies", { token: as.token }), noRouteContext),
  },
  "policy:write": {
    trpc: ({ as, org }) =>
      as.caller.policies.create({ namespaceId: org.namespace.id, name: "matrix", effect: "allow" }),
    rest: ({ as }) =>
      createPolicy(
        restRequest("/api/v1/policies", { token: as.token, body: { name: "matrix", effect: "allow" } }),
        noRouteContext,
      ),
  },
  "rateLimit:read": {
    trpc: ({ as }) => as.caller.rateLimits.list({}),
    rest: ({ as }) => listRateLimits(restRequest("/api/v1/rate-limits", { token: as.token }), noRouteContext),
  },
  "rateLimit:write": {
    trpc: ({ as }) => as.caller.rateLimits.create({ name: "matrix", scope: "org", limit: 1000, windowSeconds: 60 }),
    rest: ({ as }) =>
      createRateLimit(
        restRequest("/api/v1/rate-limits", {
          token: as.token,
          body: { name: "matrix", scope: "org", limit: 1000, windowSeconds: 60 },
        }),
        noRouteContext,
      ),
  },
  "namespace:read": {
    trpc: ({ as, org }) => as.caller.namespaces.get({ id: org.namespace.id }),
    rest: ({ as }) => listNamespaces(restRequest("/api/v1/namespaces", { token: as.token }), noRouteContext),
  },
  "namespace:write": {
    trpc: ({ as }) => as.caller.namespaces.create({ name: uniqueId("ns") }),
    rest: ({ as }) =>
      createNamespace(
        restRequest("/api/v1/namespaces", { token: as.token, body: { name: uniqueId("ns") } }),
        noRouteContext,
      ),
  },
  "server:read": {
    trpc: ({ as, org }) => as.caller.servers.get({ id: org.server.id }),
    rest: ({ as, org }) =>
      getServer(restRequest(`/api/v1/gateway/servers/${org.server.id}`, { token: as.token }), idParams(org.server.id)),
  },
  "server:write": {
    trpc: ({ as, org }) =>
      as.caller.servers.create({
        namespaceId: org.namespace.id,
        name: uniqueServerName(),
        transport: "stdio",
        command: "node",
      }),
    rest: ({ as, org }) =>
      createServer(
        restRequest("/api/v1/gateway/servers", {
          token: as.token,
          body: { namespaceId: org.namespace.id, name: uniqueServerName(), transport: "stdio", command: "node" },
        }),
        noRouteContext,
      ),
  },
  "apiKey:read": {
    trpc: ({ as }) => as.caller.apiKeys.list(),
    rest: ({ as }) => listKeys(restRequest("/api/v1/auth/api-keys", { token: as.token }), noRouteContext),
  },
  "apiKey:write": {
    trpc: ({ as }) => as.caller.apiKeys.create({ name: "matrix" }),
    rest: ({ as }) =>
      createKey(restRequest("/api/v1/auth/api-keys", { token: as.token, body: { name: "matrix" } }), noRouteContext),
  },
  "apiKey:manage": {
    trpc: ({ as }) => as.caller.apiKeys.create({ name: "matrix-admin", scopes: ["admin"] }),
    rest: ({ as }) =>
      createKey(
        restRequest("/api/v1/auth/api-keys", { token: as.token, body: { name: "matrix-admin", scopes: ["admin"] } }),
        noRouteContext,
      ),
  },
  "logs:read": {
    trpc: ({ as }) => as.caller.logs.list({}),
    rest: ({ as }) => listLogs(restRequest("/api/v1/admin/logs", { token: as.token }), noRouteContext),
  },
  "audit:read": {
    trpc: ({ as }) => as.caller.audit.list({}),
    rest: ({ as }) => listAudit(restRequest("/api/v1/admin/audit", { token: as.token }), noRouteContext),
  },
};

/** The "## Matrix" table of docs/permissions.md as action → roles with a ✓. */
function documentedMatrix(): Record<string, TRole[]> {
  return parseDocumentedMatrix(
    readFileSync(path.resolve(import.meta.dirname, "../../../../docs/permissions.md"), "utf8"),
  );
}

async function outcome(call: () => Promise<unknown>): Promise<"allowed" | "FORBIDDEN" | string> {
  try {
    await call();
    return "allowed";
  } catch (error) {
    if (error instanceof TRPCError) return error.code === "FORBIDDEN" ? "FORBIDDEN" : `${error.code}: ${error.message}`;
    throw error;
  }
}

async function restOutcome(response: Response): Promise<"allowed" | "FORBIDDEN" | string> {
  if (response.ok) return "allowed";
  if (response.status === 403) return "FORBIDDEN";
  return `${response.status}: ${await response.text()}`;
}

const ACTIONS = Object.keys(PERMISSIONS) as TPermission[];
/** The data plane's own actions are walked by its test (dataplane/src/modules/auth/permission-matrix.test.ts). */
const WEB_ACTIONS = ACTIONS.filter((action) => !(DATAPLANE_ACTIONS as readonly string[]).includes(action));

describe("permission matrix", () => {
  it("docs/permissions.md documents exactly PERMISSIONS", () => {
    const expected = Object.fromEntries(ACTIONS.map((action) => [action, [...PERMISSIONS[action]]]));
    expect(documentedMatrix()).toEqual(expected);
  });

  it("has a probe for every action in PERMISSIONS", () => {
    expect(WEB_ACTIONS.filter((action) => !probes[action])).toEqual([]);
  });

  let shared: TPopulatedOrg;
  beforeAll(async () => {
    shared = await createPopulatedOrg("matrix");
  }, 60_000);

  describe.each(WEB_ACTIONS)("%s", (action) => {
    it.each(ROLES)("%s gets the documented answer through tRPC and REST", async (role) => {
      const probe = probes[action];
      if (!probe) throw new Error(`No probe for "${action}": add one to the table in this file`);
      const org = probe.freshOrg ? await createPopulatedOrg("matrix") : shared;
      const args = { as: org.members[role], org };
      const expected = (PERMISSIONS[action] as readonly TRole[]).includes(role) ? "allowed" : "FORBIDDEN";
      expect(await outcome(() => probe.trpc(args))).toBe(expected);
      if (probe.rest) {
        const restOrg = probe.freshOrg ? await createPopulatedOrg("matrix") : org;
        const restArgs = { as: restOrg.members[role], org: restOrg };
        expect(await restOutcome(await probe.rest(restArgs))).toBe(expected);
      }
    });
  });
});
