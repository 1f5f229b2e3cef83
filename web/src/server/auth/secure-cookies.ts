// Whether next-auth's cookies get the Secure flag (and the __Secure- prefix). Shared by the auth options and
// the proxy, which must look for the same cookie name. No server-only imports: the proxy loads it too.

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Secure over https, and in production whatever NEXTAUTH_URL's scheme: behind a TLS-terminating proxy the
 * app may be configured with http and must still never send the session over plain http. The exception is
 * a loopback URL (`npm start`, the e2e stack): nothing leaves the machine, and not every browser accepts
 * Secure cookies from http://localhost. Development and tests keep plain cookies on http.
 */
export function shouldUseSecureCookies(nodeEnv: string | undefined, nextAuthUrl: string | undefined): boolean {
  const url = new URL(nextAuthUrl || "http://localhost:3000");
  if (url.protocol === "https:") return true;
  return nodeEnv === "production" && !LOOPBACK_HOSTS.has(url.hostname);
}
