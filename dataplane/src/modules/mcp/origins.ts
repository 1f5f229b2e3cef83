// Which browser origins may call the data plane. The MCP spec requires servers to validate `Origin`
// (a DNS-rebinding page would otherwise reach a gateway on a private network with the victim's browser).
// Requests without an Origin header come from non-browser clients and are not subject to this check.
import type { TEnv } from "../../env.ts";

/** An OMNIMESH_ALLOWED_ORIGINS entry that allows every origin. Unsafe: it turns the check off. */
export const ANY_ORIGIN = "*";
const LOOPBACK_ORIGINS = ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"];
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/**
 * The effective allow-list: OMNIMESH_ALLOWED_ORIGINS when set; otherwise the web app's origin, plus
 * loopback origins (any port) when the data plane listens on loopback only or does not run in production.
 */
export function allowedOriginsOf(
  env: Pick<TEnv, "OMNIMESH_ALLOWED_ORIGINS" | "OMNIMESH_WEB_URL" | "DATAPLANE_HOST" | "NODE_ENV">,
): string[] {
  if (env.OMNIMESH_ALLOWED_ORIGINS.length > 0) return env.OMNIMESH_ALLOWED_ORIGINS;
  const allowed = env.OMNIMESH_WEB_URL ? [env.OMNIMESH_WEB_URL] : [];
  if (LOOPBACK_HOSTS.has(env.DATAPLANE_HOST) || env.NODE_ENV !== "production") allowed.push(...LOOPBACK_ORIGINS);
  return allowed;
}

/**
 * True when `origin` matches an entry: `*`, an exact origin, or `scheme://host:*` (any port of that host,
 * the default port included).
 */
export function isOriginAllowed(origin: string, allowed: readonly string[]): boolean {
  if (allowed.includes(ANY_ORIGIN)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    // "null" (sandboxed frames, file: pages) and garbage match nothing.
    return false;
  }
  if (url.origin === "null") return false;
  for (const entry of allowed) {
    if (entry.endsWith(":*")) {
      if (`${url.protocol}//${url.hostname}` === entry.slice(0, -2)) return true;
    } else if (url.origin === entry) return true;
  }
  return false;
}
