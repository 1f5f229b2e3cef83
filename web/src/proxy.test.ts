// The signed-out redirect of the proxy: every app page is covered, and a request without a session cookie is
// sent to /login with a callbackUrl back to where it was going.
import { readdirSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEV_SECRETS } from "~/server/auth/dev-secrets";
import { config, proxy } from "./proxy";

const appPages = readdirSync(path.join(import.meta.dirname, "app", "(app)"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !entry.name.startsWith("_") && !entry.name.startsWith("("))
  .map((entry) => entry.name);

afterEach(() => {
  vi.unstubAllEnvs();
});

async function requestWithSession(url: string, cookieName: string): Promise<NextRequest> {
  const token = await encode({
    token: { sub: "user-1" },
    secret: process.env.NEXTAUTH_SECRET || DEV_SECRETS.NEXTAUTH_SECRET,
  });
  return new NextRequest(new URL(url), { headers: { cookie: `${cookieName}=${token}` } });
}

describe("proxy", () => {
  it("matches every page folder of the signed-in app", () => {
    expect(appPages.length).toBeGreaterThan(0);
    for (const page of appPages) expect(config.matcher).toContain(`/${page}/:path*`);
  });

  it.each(["/members", "/invitations", "/settings", "/audit?action=org.", "/dashboard"])(
    "redirects a signed-out request for %s to /login with a callbackUrl",
    async (target) => {
      const response = await proxy(new NextRequest(new URL(target, "http://localhost:3000")));
      expect(response.status).toBe(307);
      const location = new URL(response.headers.get("location")!);
      expect(location.pathname).toBe("/login");
      expect(location.searchParams.get("callbackUrl")).toBe(target);
    },
  );

  it("finds the session under the cookie name the auth options use (Secure in production)", async () => {
    const dev = await proxy(await requestWithSession("http://localhost:3000/members", "next-auth.session-token"));
    expect(dev.headers.get("location")).toBeNull();

    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("NEXTAUTH_URL", "http://omnimesh.example");
    const secure = await proxy(
      await requestWithSession("http://omnimesh.example/members", "__Secure-next-auth.session-token"),
    );
    expect(secure.headers.get("location")).toBeNull();
    // The plain cookie name is not what production sets, so it is not looked at.
    const plain = await proxy(await requestWithSession("http://omnimesh.example/members", "next-auth.session-token"));
    expect(new URL(plain.headers.get("location")!).pathname).toBe("/login");
  });
});
