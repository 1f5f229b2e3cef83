import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";
import { DEV_SECRETS } from "~/server/auth/dev-secrets";

// Page-level redirect for signed-out users. It is a convenience, not the security boundary: every page
// layout, tRPC procedure and REST route checks authentication itself.

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET || DEV_SECRETS.NEXTAUTH_SECRET });
  if (token) return NextResponse.next();
  const login = new URL("/login", request.url);
  login.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ["/dashboard/:path*", "/namespaces/:path*", "/api-keys/:path*", "/logs/:path*"],
};
