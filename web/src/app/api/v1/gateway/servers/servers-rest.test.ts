import { decryptRecord } from "@omnimesh/db/crypto";
import { describe, expect, it } from "vitest";
import { env } from "~/env";
import { db } from "~/server/db";
import { accountWithStdioServer, addMember } from "~/test/fixtures";
import { accessTokenFor, idParams, noRouteContext, readBody, restRequest, signupAndLogin } from "~/test/rest";
import { POST as createNamespace } from "../../namespaces/route";
import { DELETE as deleteServer, PUT as updateServer } from "./[id]/route";
import { POST as createServer, GET as listServers } from "./route";

type TErrorBody = { error: { code: string; fields?: Record<string, string> } };

async function ownerWithServer(label: string) {
  const account = await accountWithStdioServer(label, { API_TOKEN: "sk-rest-secret" });
  return { ...account, token: await accessTokenFor(account) };
}

describe("PUT /api/v1/gateway/servers/{id}", () => {
  it("updates the given fields, keeps the sealed env, and answers the server without secrets", async () => {
    const a = await ownerWithServer("rest-srv");
    const response = await updateServer(
      restRequest(`/api/v1/gateway/servers/${a.server.id}`, {
        method: "PUT",
        token: a.token,
        body: { description: "via REST", args: ["server.js"], isolated: true },
      }),
      idParams(a.server.id),
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain("sk-rest-secret");
    expect(JSON.parse(text)).toMatchObject({
      id: a.server.id,
      description: "via REST",
      args: ["server.js"],
      isolated: true,
      envNames: ["API_TOKEN"],
    });
    const row = await db.mcpServer.findUniqueOrThrow({ where: { id: a.server.id }, select: { envEncrypted: true } });
    expect(decryptRecord(row.envEncrypted, env.OMNIMESH_ENCRYPTION_KEY)).toEqual({ API_TOKEN: "sk-rest-secret" });
  });

  it("400 for a body that is not an object or a bad field; 404 for another org; 403 for a viewer", async () => {
    const a = await ownerWithServer("rest-srv-a");
    const b = await ownerWithServer("rest-srv-b");
    const notObject = await updateServer(
      restRequest(`/api/v1/gateway/servers/${a.server.id}`, { method: "PUT", token: a.token, body: [1] }),
      idParams(a.server.id),
    );
    expect(notObject.status).toBe(400);
    const badTimeout = await updateServer(
      restRequest(`/api/v1/gateway/servers/${a.server.id}`, { method: "PUT", token: a.token, body: { timeoutMs: 5 } }),
      idParams(a.server.id),
    );
    expect(badTimeout.status).toBe(400);
    expect((await readBody<TErrorBody>(badTimeout)).error.fields).toHaveProperty("timeoutMs");

    const crossOrg = await updateServer(
      restRequest(`/api/v1/gateway/servers/${a.server.id}`, {
        method: "PUT",
        token: b.token,
        body: { description: "hijacked" },
      }),
      idParams(a.server.id),
    );
    expect(crossOrg.status).toBe(404);
    const viewer = await addMember(a.org.id, "viewer");
    const forbidden = await updateServer(
      restRequest(`/api/v1/gateway/servers/${a.server.id}`, {
        method: "PUT",
        token: await accessTokenFor({ userId: viewer.userId, org: a.org }, "viewer"),
        body: { description: "viewer edit" },
      }),
      idParams(a.server.id),
    );
    expect(forbidden.status).toBe(403);
    expect((await readBody<TErrorBody>(crossOrg)).error.code).toBe("NOT_FOUND");
    expect((await a.caller.servers.get({ id: a.server.id })).description).toBe("");
  });
});

describe("REST /api/v1/gateway/servers", () => {
  it("registers, lists and deletes servers; another org's server is 404", async () => {
    const a = await signupAndLogin();
    const b = await signupAndLogin();
    await createNamespace(
      restRequest("/api/v1/namespaces", { token: a.tokens.accessToken, body: { name: "Gw", slug: "gw" } }),
      noRouteContext,
    );

    const noCommand = await createServer(
      restRequest("/api/v1/gateway/servers", {
        token: a.tokens.accessToken,
        body: { namespace: "gw", name: "x", transport: "stdio" },
      }),
      noRouteContext,
    );
    expect(noCommand.status).toBe(400);
    expect((await readBody<{ error: { fields: Record<string, string> } }>(noCommand)).error.fields).toHaveProperty(
      "command",
    );

    const created = await createServer(
      restRequest("/api/v1/gateway/servers", {
        token: a.tokens.accessToken,
        body: {
          namespace: "gw",
          name: "echo",
          transport: "stdio",
          command: "node",
          args: ["echo.js"],
          env: { SECRET: "s3cr3t" },
        },
      }),
      noRouteContext,
    );
    expect(created.status).toBe(201);
    const server = await readBody<{ id: string; envNames: string[] }>(created);
    expect(server.envNames).toEqual(["SECRET"]);
    expect(JSON.stringify(server)).not.toContain("s3cr3t");

    const listed = await readBody<{ items: { id: string }[] }>(
      await listServers(
        restRequest("/api/v1/gateway/servers?namespace=gw", { token: a.tokens.accessToken }),
        noRouteContext,
      ),
    );
    expect(listed.items.map((s) => s.id)).toEqual([server.id]);

    const params = idParams(server.id);
    const foreign = await deleteServer(
      restRequest(`/api/v1/gateway/servers/${server.id}`, { method: "DELETE", token: b.tokens.accessToken }),
      params,
    );
    expect(foreign.status).toBe(404);
    expect(await readBody(foreign)).toEqual({ error: { code: "NOT_FOUND", message: "Server not found" } });
    const foreignList = await listServers(
      restRequest("/api/v1/gateway/servers?namespace=gw", { token: b.tokens.accessToken }),
      noRouteContext,
    );
    expect(foreignList.status).toBe(404);

    const deleted = await deleteServer(
      restRequest(`/api/v1/gateway/servers/${server.id}`, { method: "DELETE", token: a.tokens.accessToken }),
      params,
    );
    expect(deleted.status).toBe(200);
    expect(await readBody(deleted)).toEqual({ id: server.id, deleted: true });
  });
});
