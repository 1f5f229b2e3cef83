import { describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { addMember, createAccount, TEST_PASSWORD, type TTestAccount, uniqueId, uniqueIp } from "~/test/fixtures";
import { POST as login } from "../auth/login/route";
import { POST as resendInvitation } from "../invitations/[id]/resend/route";
import { DELETE as revokeInvitation } from "../invitations/[id]/route";
import { POST as createInvitation, GET as listInvitations } from "../invitations/route";
import { DELETE as removeMember, PATCH as updateMember } from "../members/[userId]/route";
import { GET as listMembers } from "../members/route";
import { DELETE as deleteOrg, PATCH as updateOrg } from "./[id]/route";
import { POST as createOrg, GET as listOrgs } from "./route";

const BASE = "http://localhost:3000";
const noContext = undefined as never;
const params = <T>(value: T) => ({ params: Promise.resolve(value) });

function request(path: string, init: { method?: string; body?: unknown; token?: string } = {}): Request {
  const headers = new Headers({ "content-type": "application/json", "x-forwarded-for": uniqueIp() });
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  return new Request(`${BASE}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

async function tokenFor(account: TTestAccount, org?: string): Promise<string> {
  const response = await login(
    request("/api/v1/auth/login", { body: { email: account.email, password: TEST_PASSWORD, org } }),
    noContext,
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function read<T = Record<string, unknown>>(response: Response, status: number): Promise<T> {
  const body = (await response.json()) as T;
  expect({ status: response.status, body }).toMatchObject({ status });
  return body;
}

describe("REST: orgs, members and invitations", () => {
  it("lists and creates orgs, renames and deletes the token's org, and 404s on any other org id", async () => {
    const a = await createAccount("rest-org");
    const b = await createAccount("rest-org");
    const token = await tokenFor(a);

    const created = await read<{ id: string; slug: string; role: string }>(
      await createOrg(request("/api/v1/orgs", { body: { name: "Automation org" }, token }), noContext),
      201,
    );
    expect(created.role).toBe("owner");
    const list = await read<{ items: { id: string; role: string }[] }>(
      await listOrgs(request("/api/v1/orgs", { token }), noContext),
      200,
    );
    expect(list.items.map((org) => [org.id, org.role])).toEqual([
      [a.org.id, "owner"],
      [created.id, "owner"],
    ]);

    const renamed = await read(
      await updateOrg(
        request(`/api/v1/orgs/${a.org.id}`, { method: "PATCH", body: { name: "Renamed" }, token }),
        params({ id: a.org.id }),
      ),
      200,
    );
    expect(renamed).toEqual({ ...a.org, name: "Renamed" });
    // The token names org a: org b, and a's other org, are out of its reach.
    for (const id of [b.org.id, created.id]) {
      const body = await read<{ error: { code: string } }>(
        await updateOrg(request(`/api/v1/orgs/${id}`, { method: "PATCH", body: { name: "x" }, token }), params({ id })),
        404,
      );
      expect(body.error.code).toBe("NOT_FOUND");
    }

    const unconfirmed = await read<{ error: { fields: Record<string, string> } }>(
      await deleteOrg(request(`/api/v1/orgs/${a.org.id}`, { method: "DELETE", token }), params({ id: a.org.id })),
      400,
    );
    expect(unconfirmed.error.fields.confirmSlug).toBe("Type the organization's slug to confirm");
    await read(
      await deleteOrg(
        request(`/api/v1/orgs/${a.org.id}`, { method: "DELETE", body: { confirmSlug: a.org.slug }, token }),
        params({ id: a.org.id }),
      ),
      200,
    );
    expect(await db.organization.count({ where: { id: a.org.id } })).toBe(0);
    expect(await db.organization.count({ where: { id: b.org.id } })).toBe(1);
  });

  it("refuses to create an org with an API key, which lists only its own org", async () => {
    const a = await createAccount("rest-org");
    await a.caller.org.create({ name: "Other" });
    const { secret } = await a.caller.apiKeys.create({ name: "admin", scopes: ["admin"] });
    const refused = await read<{ error: { code: string; message: string } }>(
      await createOrg(request("/api/v1/orgs", { body: { name: "By key" }, token: secret }), noContext),
      403,
    );
    expect(refused.error.message).toBe("Creating an organization needs a user's access token, not an API key");
    const list = await read<{ items: { id: string; role: string }[] }>(
      await listOrgs(request("/api/v1/orgs", { token: secret }), noContext),
      200,
    );
    expect(list.items).toEqual([{ ...a.org, role: "admin" }]);
  });

  it("manages members and invitations over REST with the same rules as the UI", async () => {
    const owner = await createAccount("rest-mem");
    const member = await addMember(owner.org.id, "member");
    const token = await tokenFor(owner);

    const members = await read<{ items: { userId: string; role: string }[] }>(
      await listMembers(request("/api/v1/members", { token }), noContext),
      200,
    );
    expect(members.items.map((m) => m.role)).toEqual(["owner", "member"]);
    const path = `/api/v1/members/${member.userId}`;
    await expect(
      read(
        await updateMember(
          request(path, { method: "PATCH", body: { role: "viewer" }, token }),
          params({ userId: member.userId }),
        ),
        200,
      ),
    ).resolves.toMatchObject({ role: "viewer" });
    const badRole = await read<{ error: { fields: Record<string, string> } }>(
      await updateMember(
        request(path, { method: "PATCH", body: { role: "god" }, token }),
        params({ userId: member.userId }),
      ),
      400,
    );
    expect(Object.keys(badRole.error.fields)).toEqual(["role"]);
    const lastOwner = await read<{ error: { code: string } }>(
      await removeMember(
        request(`/api/v1/members/${owner.userId}`, { method: "DELETE", token }),
        params({ userId: owner.userId }),
      ),
      409,
    );
    expect(lastOwner.error.code).toBe("CONFLICT");

    const email = `${uniqueId("rest-inv")}@example.test`;
    const sent = await read<{ invitation: { id: string; status: string }; delivery: string; link: string }>(
      await createInvitation(request("/api/v1/invitations", { body: { email, role: "admin" }, token }), noContext),
      201,
    );
    expect(sent).toMatchObject({ invitation: { status: "pending" }, delivery: "link" });
    const id = sent.invitation.id;
    const resent = await read<{ link: string }>(
      await resendInvitation(request(`/api/v1/invitations/${id}/resend`, { method: "POST", token }), params({ id })),
      200,
    );
    expect(resent.link).not.toBe(sent.link);
    await expect(
      read(
        await revokeInvitation(request(`/api/v1/invitations/${id}`, { method: "DELETE", token }), params({ id })),
        200,
      ),
    ).resolves.toMatchObject({ status: "revoked" });
    const listed = await read<{ items: { id: string; status: string }[] }>(
      await listInvitations(request("/api/v1/invitations", { token }), noContext),
      200,
    );
    expect(listed.items.map((inv) => [inv.id, inv.status])).toEqual([[id, "revoked"]]);
    expect(JSON.stringify(listed)).not.toContain("token");

    // A token issued before the removal stops working at once: the membership is re-read per request.
    const memberToken = await tokenFor(member, owner.org.slug);
    await read(await listMembers(request("/api/v1/members", { token: memberToken }), noContext), 200);
    await read(await removeMember(request(path, { method: "DELETE", token }), params({ userId: member.userId })), 200);
    expect(await db.membership.count({ where: { orgId: owner.org.id } })).toBe(1);
    const stale = await read<{ error: { message: string } }>(
      await listMembers(request("/api/v1/members", { token: memberToken }), noContext),
      401,
    );
    expect(stale.error.message).toBe("You are no longer a member of this organization");
  });

  it("refuses members and viewers: 403 for invitations and member management", async () => {
    const owner = await createAccount("rest-mem");
    const viewer = await addMember(owner.org.id, "viewer");
    const token = await tokenFor(viewer, owner.org.slug);
    await read(await listMembers(request("/api/v1/members", { token }), noContext), 200);
    const refused = await read<{ error: { message: string } }>(
      await createInvitation(request("/api/v1/invitations", { body: { email: "x@example.test" }, token }), noContext),
      403,
    );
    expect(refused.error.message).toBe("Your role (viewer) cannot do this");
    await read(
      await updateMember(
        request(`/api/v1/members/${owner.userId}`, { method: "PATCH", body: { role: "viewer" }, token }),
        params({ userId: owner.userId }),
      ),
      403,
    );
  });
});
