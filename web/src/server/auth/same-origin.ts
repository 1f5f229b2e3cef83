import { env } from "~/env";

/**
 * CSRF guard for cookie-authenticated mutations: the browser's Origin must be this app. `Origin: null`
 * (sandboxed frames, some redirects) is refused; a missing Origin means a non-browser client, which
 * cannot ride on a victim's cookies.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  if (origin === "null") return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  return originHost === host || originHost === new URL(env.NEXTAUTH_URL).host;
}
