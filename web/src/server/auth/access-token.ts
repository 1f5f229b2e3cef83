import "server-only";
import { randomToken } from "@omnimesh/db/crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { ROLES, type TRole } from "~/server/auth/permissions";
import { getSigningKey, getVerificationKey, JWT_ALG } from "~/server/auth/signing-keys";

export const ACCESS_TOKEN_AUDIENCE = "omnimesh";
export const ACCESS_TOKEN_ISSUER = "omnimesh-control-plane";
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

export interface TAccessClaims {
  userId: string;
  orgId: string;
  role: TRole;
}

/** Short-lived ES256 JWT: sub = user id, org, role, aud "omnimesh", kid in the header. */
export async function signAccessToken(claims: TAccessClaims): Promise<string> {
  const { kid, key } = await getSigningKey();
  return new SignJWT({ org: claims.orgId, role: claims.role })
    .setProtectedHeader({ alg: JWT_ALG, kid, typ: "JWT" })
    .setSubject(claims.userId)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
    .setJti(randomToken(12))
    .sign(key);
}

/** The claims of a valid token, or null for anything expired, forged, or signed by an unknown key. */
export async function verifyAccessToken(token: string): Promise<TAccessClaims | null> {
  try {
    const { payload } = await jwtVerify(
      token,
      async (header) => {
        const key = header.kid ? await getVerificationKey(header.kid) : null;
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key;
      },
      { audience: ACCESS_TOKEN_AUDIENCE, issuer: ACCESS_TOKEN_ISSUER, algorithms: [JWT_ALG] },
    );
    const role = ROLES.find((candidate) => candidate === payload.role);
    if (!payload.sub || typeof payload.org !== "string" || !role) return null;
    return { userId: payload.sub, orgId: payload.org, role };
  } catch {
    return null;
  }
}
