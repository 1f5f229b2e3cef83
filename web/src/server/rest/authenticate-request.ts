import "server-only";
import { verifyAccessToken } from "~/server/auth/access-token";
import { clientIp } from "~/server/auth/client-ip";
import { can, type TPermission, type TRole } from "~/server/auth/permissions";
import { db } from "~/server/db";
import { AppError } from "~/server/errors/app-error";
import { authenticateApiKey } from "~/server/services/api-keys/authenticate-api-key";
import type { TActor } from "~/server/services/audit/record-audit";
import { resolveMembership } from "~/server/services/orgs/resolve-membership";

export interface TRestAuth {
  org: { id: string; slug: string; name: string };
  role: TRole;
  actor: TActor;
  via: "jwt" | "api_key";
}

const unauthorized = (message = "Missing or invalid bearer token") => new AppError("UNAUTHORIZED", message);

/**
 * `Authorization: Bearer <access JWT | API key with the "admin" scope>`, then the permission matrix.
 * JWT callers are re-checked against their membership, so removal or a role change applies at once.
 */
export async function authenticateRequest(request: Request, permission: TPermission): Promise<TRestAuth> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  const token = match?.[1];
  if (!token) throw unauthorized();
  const ip = clientIp(request.headers);
  const userAgent = request.headers.get("user-agent");

  let auth: TRestAuth;
  if (token.startsWith("omk_")) {
    const key = await authenticateApiKey(token, ip);
    if (!key) throw unauthorized("Invalid, revoked or expired API key");
    if (!key.scopes.includes("admin")) throw new AppError("FORBIDDEN", 'This API key lacks the "admin" scope');
    const org = await db.organization.findUnique({
      where: { id: key.orgId },
      select: { id: true, slug: true, name: true },
    });
    if (!org) throw unauthorized();
    auth = {
      org,
      role: "admin",
      actor: { userId: key.createdById, apiKeyId: key.id, email: null, ip, userAgent },
      via: "api_key",
    };
  } else {
    const claims = await verifyAccessToken(token);
    if (!claims) throw unauthorized("Access token is invalid or expired");
    const membership = await resolveMembership({ userId: claims.userId, orgId: claims.orgId });
    if (!membership) throw unauthorized("You are no longer a member of this organization");
    auth = {
      org: membership.org,
      role: membership.role,
      actor: { userId: membership.user.id, apiKeyId: null, email: membership.user.email, ip, userAgent },
      via: "jwt",
    };
  }
  if (!can(auth.role, permission)) throw new AppError("FORBIDDEN", `Your role (${auth.role}) cannot do this`);
  return auth;
}
