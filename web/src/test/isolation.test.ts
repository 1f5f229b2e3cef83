// Tenant isolation in the control plane: two orgs with one object of every kind; org A's owner (tRPC and
// REST with an access JWT) and org A's admin API key (REST) can neither read, list, change nor use any
// object of org B. Each targeted attempt answers NOT_FOUND / 404, exactly like an id that does not exist,
// and no answer carries anything of org B. New kinds of objects are one more entry in KINDS (isolation-kinds.ts).
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listKeys } from "~/app/api/v1/auth/api-keys/route";
import { GET as listNamespaces } from "~/app/api/v1/namespaces/route";
import { createCaller } from "~/server/api/root";
import { signAccessToken } from "~/server/auth/access-token";
import { contextFor } from "./fixtures";
import { KINDS, type TWorld } from "./isolation-kinds";
import { createPopulatedOrg, type TPopulatedOrg } from "./org-fixtures";
import { noRouteContext, readBody, restRequest } from "./rest";

/** Everything of org B that org A must never see: ids, names, emails, the key's prefix. */
function secretsOf(b: TPopulatedOrg): string[] {
  return [
    b.org.id,
    b.org.slug,
    b.org.name,
    b.namespace.id,
    b.namespace.name,
    b.server.id,
    b.server.name,
    b.apiKey.id,
    b.apiKey.name,
    b.apiKey.secret.slice(0, 12),
    b.virtualServer.id,
    b.virtualServer.name,
    b.invitation.id,
    b.invitation.email,
    // bigint ids are short numbers: look for them as the JSON field they would be.
    `"id":"${b.requestLogId}"`,
    b.auditLogId,
    ...Object.values(b.members).flatMap((member) => [member.userId, member.email]),
  ];
}

function expectNoLeak(world: TWorld, text: string, sent: string[] = []): void {
  for (const secret of secretsOf(world.b)) if (!sent.includes(secret)) expect(text).not.toContain(secret);
}

let world: TWorld;

beforeAll(async () => {
  const [a, b] = await Promise.all([createPopulatedOrg("iso-a"), createPopulatedOrg("iso-b")]);
  const adminKey = await a.members.owner.caller.apiKeys.create({ name: "iso-admin", scopes: ["admin"] });
  world = { a, b, caller: a.members.owner.caller, tokens: { jwt: a.members.owner.token, apiKey: adminKey.secret } };
}, 60_000);

describe.each(KINDS)("isolation: $kind", (kind) => {
  it.each(Object.entries(kind.trpc))(
    "tRPC %s is refused as if absent, naming nothing of org B",
    async (_name, probe) => {
      const { call, code } = typeof probe === "function" ? { call: probe, code: "NOT_FOUND" } : probe;
      const error = await call(world).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe(code);
      expectNoLeak(world, `${(error as TRPCError).message} ${JSON.stringify((error as TRPCError).cause ?? {})}`);
    },
  );

  it.each(Object.entries(kind.trpcLists ?? {}))("tRPC %s holds nothing of org B", async (_name, call) => {
    expectNoLeak(world, JSON.stringify(await call(world)));
  });

  for (const via of ["jwt", "apiKey"] as const) {
    it.each(Object.entries(kind.rest ?? {}))(`REST (${via}) %s → 404, naming nothing of org B`, async (_name, call) => {
      const response = await call(world, world.tokens[via]);
      const text = await response.text();
      expect(response.status, text).toBe(404);
      expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
      expectNoLeak(world, text);
    });

    it.each(Object.entries(kind.restLists ?? {}))(`REST (${via}) %s holds nothing of org B`, async (_name, call) => {
      const response = await call(world, world.tokens[via]);
      const text = await response.text();
      expect(response.status, text).toBe(200);
      expectNoLeak(world, text);
    });
  }

  it("leaves org B's object unchanged", async () => {
    await kind.unchanged(world);
  });
});

describe("isolation: organization", () => {
  it("a session pointing at org B's id works in the caller's own org, never in org B", async () => {
    const caller = createCaller(contextFor(world.a.members.owner.userId, world.b.org.id));
    const current = await caller.org.current();
    expect(current.org.id).toBe(world.a.org.id);
    expectNoLeak(world, JSON.stringify(current), [world.b.org.id]);
    expectNoLeak(world, JSON.stringify(await caller.namespaces.list()));
  });

  it("an access token naming org B for a user of org A is refused (401), naming nothing of org B", async () => {
    const forged = await signAccessToken({
      userId: world.a.members.owner.userId,
      orgId: world.b.org.id,
      role: "owner",
    });
    const response = await listNamespaces(restRequest("/api/v1/namespaces", { token: forged }), noRouteContext);
    expect(response.status).toBe(401);
    const body = await readBody<{ error: { code: string; message: string } }>(response);
    expect(body.error.code).toBe("UNAUTHORIZED");
    expectNoLeak(world, JSON.stringify(body));
  });

  it("org A's own objects are visible to it (the probes are not vacuous)", async () => {
    expect((await world.caller.namespaces.get({ id: world.a.namespace.id })).id).toBe(world.a.namespace.id);
    expect((await world.caller.servers.get({ id: world.a.server.id })).id).toBe(world.a.server.id);
    expect((await world.caller.virtualServers.get({ id: world.a.virtualServer.id })).id).toBe(world.a.virtualServer.id);
    expect((await world.caller.invitations.list()).map((invitation) => invitation.id)).toContain(world.a.invitation.id);
    expect((await world.caller.members.list()).map((member) => member.userId)).toContain(world.a.members.viewer.userId);
    const logs = await world.caller.logs.list({ serverId: world.a.server.id });
    expect(logs.items.map((item) => item.id)).toEqual([world.a.requestLogId.toString()]);
    const audit = await world.caller.audit.list({ targetId: world.a.namespace.id });
    expect(audit.items.map((item) => item.id)).toContain(world.a.auditLogId);
    const viaKey = await listKeys(restRequest("/api/v1/auth/api-keys", { token: world.tokens.apiKey }), noRouteContext);
    const keys = await readBody<{ items: { id: string }[] }>(viaKey);
    expect(keys.items.map((key) => key.id)).toContain(world.a.apiKey.id);
  });
});
