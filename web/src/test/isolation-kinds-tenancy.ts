// Isolation kinds (see isolation-kinds.ts): Invitations, members and the organization itself.
import { expect } from "vitest";
import { POST as resendInvitation } from "~/app/api/v1/invitations/[id]/resend/route";
import { DELETE as revokeInvitation } from "~/app/api/v1/invitations/[id]/route";
import { GET as listInvitations } from "~/app/api/v1/invitations/route";
import { DELETE as removeMember, PATCH as updateMember } from "~/app/api/v1/members/[userId]/route";
import { GET as listMembers } from "~/app/api/v1/members/route";
import { PATCH as updateOrg } from "~/app/api/v1/orgs/[id]/route";
import { db } from "~/server/db";
import type { TKind } from "./isolation-kinds";
import { idParams, noRouteContext, restRequest } from "./rest";

export const TENANCY_KINDS: TKind[] = [
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
