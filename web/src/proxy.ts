import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";
import { DEV_SECRETS } from "~/server/auth/dev-secrets";
import { shouldUseSecureCookies } from "~/server/auth/secure-cookies";

// Page-level redirect for signed-out users. It is a convenience, not the security boundary: every page
// layout, tRPC procedure and REST route checks authentication itself.

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const token = await getToken({
    req: request,
    secret: process.env.NEXTAUTH_SECRET || DEV_SECRETS.NEXTAUTH_SECRET,
    // The cookie's name depends on it (__Secure- prefix): the same rule as the auth options.
    secureCookie: shouldUseSecureCookies(process.env.NODE_ENV, process.env.NEXTAUTH_URL),
  });
  if (token) return NextResponse.next();
  const login = new URL("/login", request.url);
  login.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(login);
}

// Every page of the signed-in app (the app/(app) folders; proxy.test.ts fails when one is missing).
export const config = {
  matcher: [
    "/dashboard/:path*",
    "/namespaces/:path*",
    "/api-keys/:path*",
    "/logs/:path*",
    "/audit/:path*",
    "/members/:path*",
    "/invitations/:path*",
    "/settings/:path*",
    "/policies/:path*",
    "/rate-limits/:path*",
  ],
};
