import { describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { accountWithStdioServer, addMember } from "~/test/fixtures";
import { accessTokenFor, idParams, noRouteContext, readBody, restRequest } from "~/test/rest";
import { DELETE as deleteVs, GET as getVs, PUT as updateVs } from "./[id]/route";
import { POST as createVs, GET as listVs } from "./route";

type TErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };
interface TVsBody {
  id: string;
  name: string;
  enabled: boolean;
  endpointUrl: string;
  entries: { serverName: string; kind: string; sourceName: string; effectiveName: string }[];
}

async function ownerWithServer() {
  const account = await accountWithStdioServer("rest-vs");
  return { ...account, token: await accessTokenFor(account) };
}

describe("REST /api/v1/virtual-servers", () => {
  it("creates (namespace by slug), lists, gets, updates (PUT) and deletes, each write audited", async () => {
    const a = await ownerWithServer();
    const created = await createVs(
      restRequest("/api/v1/virtual-servers", {
        token: a.token,
        body: {
          namespace: a.namespace.slug,
          name: "combo",
          entries: [{ serverId: a.server.id, kind: "tool", sourceName: "echo", exposedName: "say" }],
        },
      }),
      noRouteContext,
    );
    expect(created.status).toBe(201);
    const vs = await readBody<TVsBody>(created);
    expect(vs).toMatchObject({
      name: "combo",
      enabled: true,
      endpointUrl: `http://localhost:4000/virtual/${vs.id}/mcp`,
    });
    expect(vs.entries.map((e) => [e.serverName, e.kind, e.sourceName, e.effectiveName])).toEqual([
      ["demo", "tool", "echo", "say"],
    ]);

    const listed = await readBody<{ items: TVsBody[] }>(
      await listVs(
        restRequest(`/api/v1/virtual-servers?namespaceId=${a.namespace.id}`, { token: a.token }),
        noRouteContext,
      ),
    );
    expect(listed.items.map((item) => item.id)).toEqual([vs.id]);
    const path = `/api/v1/virtual-servers/${vs.id}`;
    expect(await readBody(await getVs(restRequest(path, { token: a.token }), idParams(vs.id)))).toEqual(vs);

    const updated = await updateVs(
      restRequest(path, {
        method: "PUT",
        token: a.token,
        body: { enabled: false, entries: [{ serverId: a.server.id, kind: "prompt", sourceName: "greet" }] },
      }),
      idParams(vs.id),
    );
    expect(updated.status).toBe(200);
    expect(await readBody(updated)).toMatchObject({
      id: vs.id,
      name: "combo",
      enabled: false,
      entries: [{ kind: "prompt", sourceName: "greet", effectiveName: "demo__greet" }],
    });

    const deleted = await deleteVs(restRequest(path, { method: "DELETE", token: a.token }), idParams(vs.id));
    expect(await readBody(deleted)).toEqual({ id: vs.id, deleted: true });
    expect((await getVs(restRequest(path, { token: a.token }), idParams(vs.id))).status).toBe(404);
    const actions = await db.auditLog.findMany({
      where: { targetId: vs.id },
      orderBy: { createdAt: "asc" },
      select: { action: true },
    });
    expect(actions.map((row) => row.action)).toEqual([
      "virtual_server.create",
      "virtual_server.update",
      "virtual_server.delete",
    ]);
  });

  it("answers bad bodies with 400 and the fields at fault", async () => {
    const a = await ownerWithServer();
    const bad = await createVs(
      restRequest("/api/v1/virtual-servers", {
        token: a.token,
        body: {
          namespaceId: a.namespace.id,
          name: "x",
          entries: [{ serverId: a.server.id, kind: "widget", sourceName: "" }],
        },
      }),
      noRouteContext,
    );
    expect(bad.status).toBe(400);
    expect((await readBody<TErrorBody>(bad)).error).toEqual({
      code: "VALIDATION_ERROR",
      message: "Invalid input: entries.0.kind, entries.0.sourceName",
      fields: {
        "entries.0.kind": "Kind must be tool, resource or prompt",
        "entries.0.sourceName": "Source name is required",
      },
    });

    const duplicate = await createVs(
      restRequest("/api/v1/virtual-servers", {
        token: a.token,
        body: {
          namespaceId: a.namespace.id,
          name: "x",
          entries: [
            { serverId: a.server.id, kind: "tool", sourceName: "echo", exposedName: "run" },
            { serverId: a.server.id, kind: "tool", sourceName: "add", exposedName: "run" },
          ],
        },
      }),
      noRouteContext,
    );
    expect(duplicate.status).toBe(400);
    expect((await readBody<TErrorBody>(duplicate)).error).toEqual({
      code: "VALIDATION_ERROR",
      message: 'Invalid input: entries.1.exposedName (The tool name "run" is already used by entry 1)',
      fields: { "entries.1.exposedName": 'The tool name "run" is already used by entry 1' },
    });

    const notObject = await updateVs(
      restRequest("/api/v1/virtual-servers/whatever", { method: "PUT", token: a.token, body: [1] }),
      idParams("whatever"),
    );
    expect(notObject.status).toBe(400);
    expect((await readBody<TErrorBody>(notObject)).error.message).toBe("Request body must be a JSON object");
  });

  it("forbids writes to members (403) and hides other orgs' virtual servers (404)", async () => {
    const a = await ownerWithServer();
    const vs = await a.caller.virtualServers.create({ namespaceId: a.namespace.id, name: "mine", entries: [] });
    const member = await addMember(a.org.id, "member");
    const memberToken = await accessTokenFor(member, "member");
    const path = `/api/v1/virtual-servers/${vs.id}`;
    expect((await getVs(restRequest(path, { token: memberToken }), idParams(vs.id))).status).toBe(200);
    const forbidden = await updateVs(
      restRequest(path, { method: "PUT", token: memberToken, body: { name: "nope" } }),
      idParams(vs.id),
    );
    expect(forbidden.status).toBe(403);

    const b = await ownerWithServer();
    for (const response of [
      await getVs(restRequest(path, { token: b.token }), idParams(vs.id)),
      await updateVs(restRequest(path, { method: "PUT", token: b.token, body: { name: "x" } }), idParams(vs.id)),
      await deleteVs(restRequest(path, { method: "DELETE", token: b.token }), idParams(vs.id)),
      await createVs(
        restRequest("/api/v1/virtual-servers", {
          token: b.token,
          body: { namespaceId: a.namespace.id, name: "intruder" },
        }),
        noRouteContext,
      ),
    ]) {
      expect(response.status).toBe(404);
      expect(JSON.stringify(await response.json())).not.toContain("mine");
    }
    const unauthenticated = await listVs(restRequest("/api/v1/virtual-servers"), noRouteContext);
    expect(unauthenticated.status).toBe(401);
  });
});
