// REST route handlers called in-process with real Requests, and access JWTs for test accounts.
import { signAccessToken } from "~/server/auth/access-token";
import type { TRole } from "~/server/auth/permissions";
import { uniqueIp } from "./fixtures";

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
