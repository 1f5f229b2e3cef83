import { describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { authenticateApiKey } from "~/server/services/api-keys/authenticate-api-key";
import { addMember, createAccount } from "~/test/fixtures";
import { accessTokenFor, idParams, noRouteContext, readBody, restRequest } from "~/test/rest";
import { POST as rotateKey } from "./[id]/rotate/route";
import { PATCH as renameKey, DELETE as revokeKey } from "./[id]/route";
import { POST as createKey, GET as listKeys } from "./route";

interface TKeyBody {
  apiKey: { id: string; name: string; prefix: string; scopes: string[]; revokedAt: string | null };
  secret: string;
}
type TErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

describe("REST /api/v1/auth/api-keys/{id}", () => {
  it("renames (PATCH), rotates (POST …/rotate) and revokes (DELETE) a key, each audited", async () => {
    const a = await createAccount("rest-key");
    const token = await accessTokenFor(a);
    const created = await readBody<TKeyBody>(
      await createKey(
        restRequest("/api/v1/auth/api-keys", { token, body: { name: "ci", scopes: ["mcp:read"] } }),
        noRouteContext,
      ),
    );
    const id = created.apiKey.id;
    const path = `/api/v1/auth/api-keys/${id}`;

    const renamed = await renameKey(
      restRequest(path, { method: "PATCH", token, body: { name: "ci-2" } }),
      idParams(id),
    );
    expect(renamed.status).toBe(200);
    expect(await readBody(renamed)).toMatchObject({ id, name: "ci-2", scopes: ["mcp:read"] });

    const badName = await renameKey(restRequest(path, { method: "PATCH", token, body: { name: "" } }), idParams(id));
    expect(badName.status).toBe(400);
    expect((await readBody<TErrorBody>(badName)).error).toEqual({
      code: "VALIDATION_ERROR",
      message: "Invalid input: name",
      fields: { name: "Name is required" },
    });

    const rotated = await rotateKey(restRequest(`${path}/rotate`, { method: "POST", token }), idParams(id));
    expect(rotated.status).toBe(200);
    const rotatedBody = await readBody<TKeyBody>(rotated);
    expect(rotatedBody.apiKey).toMatchObject({ id, name: "ci-2", scopes: ["mcp:read"], revokedAt: null });
    expect(rotatedBody.secret.startsWith(`${rotatedBody.apiKey.prefix}_`)).toBe(true);
    expect(await authenticateApiKey(created.secret, null)).toBeNull();
    expect(await authenticateApiKey(rotatedBody.secret, null)).toMatchObject({ id });

    const revoked = await revokeKey(restRequest(path, { method: "DELETE", token }), idParams(id));
    expect(revoked.status).toBe(200);
    expect((await readBody<TKeyBody["apiKey"]>(revoked)).revokedAt).not.toBeNull();
    expect(await authenticateApiKey(rotatedBody.secret, null)).toBeNull();
    const again = await rotateKey(restRequest(`${path}/rotate`, { method: "POST", token }), idParams(id));
    expect(again.status).toBe(409);

    const actions = await db.auditLog.findMany({
      where: { targetId: id },
      orderBy: { createdAt: "asc" },
      select: { action: true },
    });
    expect(actions.map((row) => row.action)).toEqual([
      "api_key.create",
      "api_key.rename",
      "api_key.rotate",
      "api_key.revoke",
    ]);
  });

  it("answers 404 for another org's key and 403 for a viewer, without changing the key", async () => {
    const a = await createAccount("rest-key");
    const b = await createAccount("rest-key");
    const viewer = await addMember(a.org.id, "viewer");
    const { apiKey, secret } = await a.caller.apiKeys.create({ name: "private" });
    const path = `/api/v1/auth/api-keys/${apiKey.id}`;
    const foreign = await accessTokenFor(b);
    for (const response of [
      await renameKey(restRequest(path, { method: "PATCH", token: foreign, body: { name: "x" } }), idParams(apiKey.id)),
      await rotateKey(restRequest(`${path}/rotate`, { method: "POST", token: foreign }), idParams(apiKey.id)),
      await revokeKey(restRequest(path, { method: "DELETE", token: foreign }), idParams(apiKey.id)),
    ]) {
      expect(response.status).toBe(404);
      expect(await readBody(response)).toEqual({ error: { code: "NOT_FOUND", message: "API key not found" } });
    }
    const viewerToken = await accessTokenFor(viewer, "viewer");
    const forbidden = await revokeKey(restRequest(path, { method: "DELETE", token: viewerToken }), idParams(apiKey.id));
    expect(forbidden.status).toBe(403);
    expect(await authenticateApiKey(secret, null)).toMatchObject({ id: apiKey.id, name: "private" });
  });

  it("refuses credentials in the query string (400 TOKEN_IN_QUERY naming the parameter), even with a valid header", async () => {
    const a = await createAccount("rest-key");
    const token = await accessTokenFor(a);
    const { apiKey, secret } = await a.caller.apiKeys.create({ name: "ci" });
    for (const param of ["access_token", "token", "api_key", "API_KEY"]) {
      const listed = await listKeys(restRequest(`/api/v1/auth/api-keys?${param}=${secret}`, { token }), noRouteContext);
      expect(listed.status).toBe(400);
      expect(await readBody(listed)).toEqual({
        error: {
          code: "TOKEN_IN_QUERY",
          message: "Send credentials in the Authorization header, not the query string",
          fields: { [param]: "Credentials are not accepted in the query string" },
        },
      });
    }
    const rotate = await rotateKey(
      restRequest(`/api/v1/auth/api-keys/${apiKey.id}/rotate?access_token=${token}`, { method: "POST", token }),
      idParams(apiKey.id),
    );
    expect(rotate.status).toBe(400);
    // Refused before the handler ran: the key was not rotated.
    expect(await authenticateApiKey(secret, null)).toMatchObject({ id: apiKey.id });
  });
});
