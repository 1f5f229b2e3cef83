// The admin REST listings: request logs and the audit trail, each scoped to the caller's org.
import { describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { noRouteContext, readBody, restRequest, signupAndLogin } from "~/test/rest";
import { POST as createKey } from "../auth/api-keys/route";
import { POST as createNamespace } from "../namespaces/route";
import { GET as getAudit } from "./audit/route";
import { GET as getLogs } from "./logs/route";

describe("REST admin listings", () => {
  it("lists request logs for the caller's org only, with 400 on a bad filter", async () => {
    const a = await signupAndLogin();
    const b = await signupAndLogin();
    await db.requestLog.create({
      data: { orgId: a.org.id, transport: "streamable-http", method: "tools/list", status: "ok", latencyMs: 1.5 },
    });
    const mine = await readBody<{ items: { method: string; id: string }[]; nextCursor: string | null }>(
      await getLogs(restRequest("/api/v1/admin/logs?limit=10", { token: a.tokens.accessToken }), noRouteContext),
    );
    expect(mine.items.map((item) => item.method)).toEqual(["tools/list"]);
    expect(typeof mine.items[0]?.id).toBe("string");
    expect(mine.nextCursor).toBeNull();
    const theirs = await readBody<{ items: unknown[] }>(
      await getLogs(restRequest("/api/v1/admin/logs", { token: b.tokens.accessToken }), noRouteContext),
    );
    expect(theirs.items).toEqual([]);
    const bad = await getLogs(
      restRequest("/api/v1/admin/logs?status=bogus", { token: a.tokens.accessToken }),
      noRouteContext,
    );
    expect(bad.status).toBe(400);
    expect((await readBody<{ error: { fields: Record<string, string> } }>(bad)).error.fields).toHaveProperty("status");
  });

  it("lists the audit trail for an admin JWT or admin API key, 400 naming a bad filter, 403 for a viewer", async () => {
    const a = await signupAndLogin();
    const b = await signupAndLogin();
    await createNamespace(
      restRequest("/api/v1/namespaces", { token: a.tokens.accessToken, body: { name: "Audited" } }),
      noRouteContext,
    );

    const viaJwt = await getAudit(
      restRequest("/api/v1/admin/audit?action=namespace.&limit=10", { token: a.tokens.accessToken }),
      noRouteContext,
    );
    expect(viaJwt.status).toBe(200);
    const page = await readBody<{
      items: { action: string; actorEmail: string; createdAt: string }[];
      nextCursor: null;
    }>(viaJwt);
    expect(page.items.map((item) => item.action)).toEqual(["namespace.create"]);
    expect(page.items[0]?.actorEmail).toBe(a.email);
    expect(page.nextCursor).toBeNull();

    const { secret } = await readBody<{ secret: string }>(
      await createKey(
        restRequest("/api/v1/auth/api-keys", {
          token: a.tokens.accessToken,
          body: { name: "auditor", scopes: ["admin"] },
        }),
        noRouteContext,
      ),
    );
    const from = encodeURIComponent(new Date(Date.now() - 60_000).toISOString());
    const viaKey = await getAudit(
      restRequest(`/api/v1/admin/audit?from=${from}&actor=${a.email}`, { token: secret }),
      noRouteContext,
    );
    expect(viaKey.status).toBe(200);
    expect((await readBody<{ items: { action: string }[] }>(viaKey)).items.map((item) => item.action)).toEqual([
      "api_key.create",
      "namespace.create",
      "org.create",
    ]);

    const theirs = await readBody<{ items: { action: string }[] }>(
      await getAudit(restRequest("/api/v1/admin/audit", { token: b.tokens.accessToken }), noRouteContext),
    );
    expect(theirs.items.map((item) => item.action)).toEqual(["org.create"]);

    const bad = await getAudit(
      restRequest("/api/v1/admin/audit?from=yesterday-ish", { token: a.tokens.accessToken }),
      noRouteContext,
    );
    expect(bad.status).toBe(400);
    const error = (await readBody<{ error: { code: string; message: string; fields: Record<string, string> } }>(bad))
      .error;
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.message).toBe("Invalid input: from");
    expect(Object.keys(error.fields)).toEqual(["from"]);

    await db.membership.updateMany({ where: { orgId: a.org.id }, data: { role: "viewer" } });
    const forbidden = await getAudit(
      restRequest("/api/v1/admin/audit", { token: a.tokens.accessToken }),
      noRouteContext,
    );
    expect(forbidden.status).toBe(403);
    expect((await readBody<{ error: { code: string } }>(forbidden)).error.code).toBe("FORBIDDEN");
  });
});
