// Origin validation (DNS-rebinding protection) on every browser-reachable path of the data plane: the
// allow-list rules, then real gateways configured like production and like a local install.
import { describe, expect, test } from "bun:test";
import { request as httpRequest } from "node:http";
import { demoStdioServer, INITIALIZE, postJson, testEnv } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { allowedOriginsOf, isOriginAllowed } from "./origins.ts";

describe("allowedOriginsOf / isOriginAllowed", () => {
  const production = testEnv({ NODE_ENV: "production", OMNIMESH_WEB_URL: "https://app.example.test/some/path" });

  test("production on a public interface: only the web app's origin", () => {
    const allowed = allowedOriginsOf(production);
    expect(allowed).toEqual(["https://app.example.test"]);
    expect(isOriginAllowed("https://app.example.test", allowed)).toBe(true);
    expect(isOriginAllowed("https://app.example.test:443", allowed)).toBe(true);
    expect(isOriginAllowed("http://app.example.test", allowed)).toBe(false);
    expect(isOriginAllowed("https://evil.test", allowed)).toBe(false);
    expect(isOriginAllowed("http://localhost:6274", allowed)).toBe(false);
    expect(isOriginAllowed("null", allowed)).toBe(false);
    expect(isOriginAllowed("not a url", allowed)).toBe(false);
  });

  test("loopback origins (any port) when bound to loopback or not in production", () => {
    for (const env of [testEnv({ NODE_ENV: "production", DATAPLANE_HOST: "127.0.0.1" }), testEnv()]) {
      const allowed = allowedOriginsOf(env);
      expect(isOriginAllowed("http://localhost:6274", allowed)).toBe(true);
      expect(isOriginAllowed("http://127.0.0.1:3000", allowed)).toBe(true);
      expect(isOriginAllowed("http://[::1]:3000", allowed)).toBe(true);
      expect(isOriginAllowed("http://localhost.evil.test:3000", allowed)).toBe(false);
      expect(isOriginAllowed("https://evil.test", allowed)).toBe(false);
    }
  });

  test("OMNIMESH_ALLOWED_ORIGINS replaces the default; * allows any origin", () => {
    const listed = allowedOriginsOf(
      testEnv({ OMNIMESH_ALLOWED_ORIGINS: "https://a.test", NEXTAUTH_URL: "https://b.test" }),
    );
    expect(listed).toEqual(["https://a.test"]);
    expect(isOriginAllowed("http://localhost:3000", listed)).toBe(false);
    const any = allowedOriginsOf(testEnv({ OMNIMESH_ALLOWED_ORIGINS: "*", NODE_ENV: "production" }));
    expect(isOriginAllowed("https://evil.test", any)).toBe(true);
  });

  test("the web app's origin defaults to NEXTAUTH_URL; a malformed one stops start-up", () => {
    expect(testEnv({ NEXTAUTH_URL: "https://web.example.test/" }).OMNIMESH_WEB_URL).toBe("https://web.example.test");
    expect(
      testEnv({ NEXTAUTH_URL: "https://web.example.test", OMNIMESH_WEB_URL: "https://other.test" }).OMNIMESH_WEB_URL,
    ).toBe("https://other.test");
    expect(() => testEnv({ OMNIMESH_WEB_URL: "app.example" })).toThrow(/OMNIMESH_WEB_URL must be a URL/);
  });
});

/** Status of a WebSocket upgrade request (the refusal comes back as a plain HTTP response). */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      headers: {
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": Buffer.from("0123456789abcdef").toString("base64"),
        "sec-websocket-protocol": "mcp",
        ...headers,
      },
    });
    req.on("response", (response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on("upgrade", (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 0, body: "" });
    });
    req.on("error", reject);
    req.end();
  });
}

describe("a gateway configured for production (public interface, web app at https://app.example.test)", () => {
  const suite = gatewaySuite({
    servers: [demoStdioServer("demo")],
    env: { NODE_ENV: "production", OMNIMESH_WEB_URL: "https://app.example.test" },
  });

  const post = (origin?: string) =>
    postJson(suite.endpoint, INITIALIZE, {
      authorization: `Bearer ${suite.key.key}`,
      ...(origin ? { origin } : {}),
    });

  test("no Origin (a non-browser client) and the web app's origin pass", async () => {
    expect((await post()).status).toBe(200);
    expect((await post("https://app.example.test")).status).toBe(200);
  });

  test("any other origin, loopback included, gets 403 with a JSON-RPC error", async () => {
    for (const origin of ["https://evil.test", "http://localhost:6274", "null"]) {
      const response = await post(origin);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        jsonrpc: "2.0",
        // Refused before the body is read, so the request id is not known.
        id: null,
        error: {
          code: -32043,
          message: `Forbidden: origin ${origin} is not allowed (see OMNIMESH_ALLOWED_ORIGINS)`,
        },
      });
    }
  });

  test("the WebSocket upgrade applies the same check", async () => {
    const url = `${suite.ns}/ws`;
    const authorization = `Bearer ${suite.key.key}`;
    const refused = await upgradeStatus(url, { authorization, origin: "https://evil.test" });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("Forbidden: origin https://evil.test is not allowed");
    expect((await upgradeStatus(url, { authorization, origin: "https://app.example.test" })).status).toBe(101);
    expect((await upgradeStatus(url, { authorization })).status).toBe(101);
  });
});
