// REST route handlers called in-process with real Requests, and access JWTs for test accounts.

import { expect } from "vitest";
import { POST as login } from "~/app/api/v1/auth/login/route";
import { POST as signup } from "~/app/api/v1/auth/signup/route";
import { signAccessToken } from "~/server/auth/access-token";
import type { TRole } from "~/server/auth/permissions";
import { TEST_PASSWORD, uniqueId, uniqueIp } from "./fixtures";

export const REST_BASE = "http://localhost:3000";

export interface TRestInit {
  method?: string;
  body?: unknown;
  /** Bearer token: an access JWT or an `omk_…` key. */
  token?: string;
}

export function restRequest(path: string, init: TRestInit = {}): Request {
  const headers = new Headers({ "content-type": "application/json", "x-forwarded-for": uniqueIp() });
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  return new Request(`${REST_BASE}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/** The route context Next passes to `[id]` handlers. */
export function idParams(id: string): { params: Promise<{ id: string }> } {
  return { params: Promise.resolve({ id }) };
}

export const noRouteContext = undefined as never;

export async function readBody<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** A real access JWT (ES256, the app's signing key) for a member of an org; the role is re-read per request. */
export function accessTokenFor(account: { userId: string; org: { id: string } }, role: TRole = "owner") {
  return signAccessToken({ userId: account.userId, orgId: account.org.id, role });
}

export interface TTokens {
  accessToken: string;
  refreshToken: string;
  tokenType: string;
  expiresIn: number;
}

/** Signs up through REST and logs in; returns the token pair and the org. */
export async function signupAndLogin(): Promise<{ tokens: TTokens; email: string; org: { id: string; slug: string } }> {
  const email = `${uniqueId("rest")}@example.test`;
  const created = await signup(
    restRequest("/api/v1/auth/signup", { body: { name: "Rest User", email, password: TEST_PASSWORD } }),
    noRouteContext,
  );
  expect(created.status).toBe(201);
  const { org } = await readBody<{ org: { id: string; slug: string } }>(created);
  const loggedIn = await login(
    restRequest("/api/v1/auth/login", { body: { email, password: TEST_PASSWORD } }),
    noRouteContext,
  );
  expect(loggedIn.status).toBe(200);
  return { tokens: await readBody<TTokens>(loggedIn), email, org };
}
