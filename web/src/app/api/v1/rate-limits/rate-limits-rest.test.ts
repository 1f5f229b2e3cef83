import { describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { addMember, createAccount } from "~/test/fixtures";
import { accessTokenFor, idParams, noRouteContext, readBody, restRequest } from "~/test/rest";
import { DELETE as deleteLimit, GET as getLimit, PUT as putLimit } from "./[id]/route";
import { POST as createLimit, GET as listLimits } from "./route";

type TErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };
interface TLimitBody {
  id: string;
  scope: string;
  target: string | null;
  limit: number;
  windowSeconds: number;
  enabled: boolean;
}

async function owner() {
  const account = await createAccount("rest-rl");
  const adminKey = await account.caller.apiKeys.create({ name: "ops", scopes: ["admin"] });
  return { ...account, token: await accessTokenFor(account), apiKey: adminKey.secret, keyId: adminKey.apiKey.id };
}

describe("REST /api/v1/rate-limits", () => {
  it("creates, lists, gets, updates (PUT) and deletes, each write audited", async () => {
    const a = await owner();
    const created = await createLimit(
      restRequest("/api/v1/rate-limits", {
        token: a.apiKey,
        body: { name: "ops key", scope: "api_key", target: a.keyId, limit: 100, windowSeconds: 60 },
      }),
      noRouteContext,
    );
    expect(created.status).toBe(201);
    const limit = await readBody<TLimitBody>(created);
    expect(limit).toMatchObject({ scope: "api_key", target: a.keyId, limit: 100, windowSeconds: 60, enabled: true });
    const listed = await readBody<{ items: TLimitBody[] }>(
      await listLimits(restRequest("/api/v1/rate-limits", { token: a.token }), noRouteContext),
    );
    expect(listed.items.map((item) => item.id)).toEqual([limit.id]);
    const path = `/api/v1/rate-limits/${limit.id}`;
    expect(await readBody(await getLimit(restRequest(path, { token: a.token }), idParams(limit.id)))).toEqual(limit);
    const updated = await putLimit(
      restRequest(path, { method: "PUT", token: a.token, body: { limit: 10, windowSeconds: 1, enabled: false } }),
      idParams(limit.id),
    );
    expect(await readBody(updated)).toMatchObject({ limit: 10, windowSeconds: 1, enabled: false, target: a.keyId });
    const deleted = await deleteLimit(restRequest(path, { method: "DELETE", token: a.token }), idParams(limit.id));
    expect(await readBody(deleted)).toEqual({ id: limit.id, deleted: true });
    const actions = await db.auditLog.findMany({
      where: { targetId: limit.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { action: true },
    });
    expect(actions.map((row) => row.action)).toEqual(["rate_limit.create", "rate_limit.update", "rate_limit.delete"]);
  });

  it("answers bad bodies with 400 and the field at fault", async () => {
    const a = await owner();
    const bad = await createLimit(
      restRequest("/api/v1/rate-limits", {
        token: a.token,
        body: { name: "x", scope: "api_key", limit: 0, windowSeconds: "60" },
      }),
      noRouteContext,
    );
    expect(bad.status).toBe(400);
    expect((await readBody<TErrorBody>(bad)).error).toMatchObject({
      code: "VALIDATION_ERROR",
      fields: { limit: "Limit must be at least 1", windowSeconds: "Window must be a whole number of seconds" },
    });
    const badTarget = await createLimit(
      restRequest("/api/v1/rate-limits", {
        token: a.token,
        body: { name: "x", scope: "org", target: "everyone", limit: 1, windowSeconds: 1 },
      }),
      noRouteContext,
    );
    expect(badTarget.status).toBe(400);
    expect((await readBody<TErrorBody>(badTarget)).error).toEqual({
      code: "VALIDATION_ERROR",
      message:
        'Invalid input: target (A rate limit of scope "org" takes no target (narrow it with a namespace instead))',
      fields: { target: 'A rate limit of scope "org" takes no target (narrow it with a namespace instead)' },
    });
  });

  it("forbids writes to viewers (403) and hides other orgs' limits (404)", async () => {
    const a = await owner();
    const limit = await a.caller.rateLimits.create({ name: "mine", scope: "org", limit: 5, windowSeconds: 5 });
    const viewer = await addMember(a.org.id, "viewer");
    const viewerToken = await accessTokenFor(viewer, "viewer");
    const path = `/api/v1/rate-limits/${limit.id}`;
    expect((await getLimit(restRequest(path, { token: viewerToken }), idParams(limit.id))).status).toBe(200);
    expect(
      (await deleteLimit(restRequest(path, { method: "DELETE", token: viewerToken }), idParams(limit.id))).status,
    ).toBe(403);
    const b = await owner();
    for (const response of [
      await getLimit(restRequest(path, { token: b.token }), idParams(limit.id)),
      await putLimit(restRequest(path, { method: "PUT", token: b.apiKey, body: { limit: 1 } }), idParams(limit.id)),
      await deleteLimit(restRequest(path, { method: "DELETE", token: b.token }), idParams(limit.id)),
    ]) {
      expect(response.status).toBe(404);
      expect(JSON.stringify(await response.json())).not.toContain("mine");
    }
    expect(await a.caller.rateLimits.get({ id: limit.id })).toMatchObject({ limit: 5, enabled: true });
  });
});
