// The session cookie next-auth sets on a real credentials sign-in with the app's authOptions: httpOnly and
// SameSite=Lax always; Secure (with the __Secure- prefix) over https and in production (see secure-cookies.ts).
import { createRequire } from "node:module";
import path from "node:path";
import type { AuthOptions } from "next-auth";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAccount, TEST_PASSWORD, uniqueIp } from "~/test/fixtures";

// next-auth's core handler (what its route handler calls) is not in the package's "exports"; load it by path.
const require = createRequire(import.meta.url);
const { AuthHandler } = require(path.join(path.dirname(require.resolve("next-auth")), "core", "index.js")) as {
  AuthHandler: <TBody>(params: {
    req: Record<string, unknown> & { action: string };
    options: AuthOptions;
  }) => Promise<{ body?: TBody; cookies?: unknown[] }>;
};

interface TCookie {
  name: string;
  value: string;
  options: { httpOnly?: boolean; sameSite?: string | boolean; secure?: boolean; path?: string };
}

/** csrf round trip, then the credentials callback: the cookies a browser would be given. */
async function signInCookies(options: AuthOptions, origin: string, email: string): Promise<TCookie[]> {
  const csrf = await AuthHandler<{ csrfToken: string }>({ req: { action: "csrf", method: "GET", origin }, options });
  const csrfCookie = (csrf.cookies as TCookie[] | undefined)?.find((cookie) => cookie.name.endsWith("csrf-token"));
  expect(csrfCookie).toBeDefined();
  const response = await AuthHandler({
    req: {
      action: "callback",
      providerId: "credentials",
      method: "POST",
      origin,
      cookies: { [csrfCookie!.name]: csrfCookie!.value },
      headers: { "x-forwarded-for": uniqueIp() },
      body: { csrfToken: csrf.body!.csrfToken, email, password: TEST_PASSWORD, json: "true" },
    },
    options,
  });
  return [...(csrf.cookies as TCookie[]), ...((response.cookies as TCookie[] | undefined) ?? [])];
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("session cookies", () => {
  it("over http (development): httpOnly, SameSite=Lax, not Secure", async () => {
    const { authOptions } = await import("./next-auth-options");
    const account = await createAccount("cookie");
    const cookies = await signInCookies(authOptions, "http://localhost:3000", account.email);
    const session = cookies.find((cookie) => cookie.name === "next-auth.session-token");
    expect(session?.value).toBeTruthy();
    expect(session?.options).toMatchObject({ httpOnly: true, sameSite: "lax", secure: false, path: "/" });
  });

  it("over https (production): __Secure- prefix, Secure, httpOnly, SameSite=Lax on every auth cookie", async () => {
    vi.stubEnv("NEXTAUTH_URL", "https://omnimesh.example");
    vi.resetModules();
    const { authOptions } = await import("./next-auth-options");
    expect(authOptions.useSecureCookies).toBe(true);
    const account = await createAccount("cookie");
    const cookies = await signInCookies(authOptions, "https://omnimesh.example", account.email);
    const session = cookies.find((cookie) => cookie.name === "__Secure-next-auth.session-token");
    expect(session?.value).toBeTruthy();
    for (const cookie of cookies) {
      expect(cookie.name).toMatch(/^__(Secure|Host)-/);
      expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: "lax", secure: true });
    }
  });

  it("in production behind a TLS-terminating proxy (NEXTAUTH_URL on http): Secure all the same", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("NEXTAUTH_URL", "http://omnimesh.example");
    // Production refuses generated secrets; this test is about cookies only.
    vi.stubEnv("OMNIMESH_ALLOW_DEV_SECRETS", "1");
    vi.resetModules();
    const { authOptions } = await import("./next-auth-options");
    expect(authOptions.useSecureCookies).toBe(true);
    const account = await createAccount("cookie");
    const cookies = await signInCookies(authOptions, "http://omnimesh.example", account.email);
    const session = cookies.find((cookie) => cookie.name === "__Secure-next-auth.session-token");
    expect(session?.value).toBeTruthy();
    for (const cookie of cookies) {
      expect(cookie.name).toMatch(/^__(Secure|Host)-/);
      expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: "lax", secure: true });
    }
  });
});
