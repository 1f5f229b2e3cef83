// Access JWTs of the control plane (ES256, see web/src/server/auth/access-token.ts) verified without a
// database round trip per request: the public keys of signing_keys are loaded once and kept in memory.
// They are reloaded when a token names an unknown kid (at most once per RELOAD_INTERVAL_MS, so a flood
// of made-up kids cannot hammer the database) and after a signing_keys change notification.
import { ROLES, type TRole } from "@omnimesh/db/permissions";
import { errors, importJWK, type JWK, type JWTPayload, jwtVerify } from "jose";
import type { DbPool } from "../../db/pool.ts";

/** Must match the control plane's ACCESS_TOKEN_AUDIENCE / ACCESS_TOKEN_ISSUER. */
export const ACCESS_TOKEN_AUDIENCE = "omnimesh";
export const ACCESS_TOKEN_ISSUER = "omnimesh-control-plane";
const JWT_ALG = "ES256";
/** The control plane keeps publishing a retired key this long, so the tokens it signed stay valid. */
const RETIRED_KEY_GRACE_MS = 24 * 60 * 60 * 1000;
const RELOAD_INTERVAL_MS = 5_000;

export { ROLES };
export type Role = TRole;

export interface AccessClaims {
  userId: string;
  orgId: string;
  role: Role;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** Milliseconds since the epoch (`iat`); null when the token has none. */
  issuedAt: number | null;
  kid: string;
}

/** Why a token was refused; the message is safe to show the caller. */
export class JwtRejected extends Error {}

interface KeyEntry {
  key: CryptoKey | Uint8Array;
  retiredAt: number | null;
}

/** True for strings shaped like a compact JWS (three base64url parts, a JSON header). */
export function looksLikeJwt(token: string): boolean {
  return token.startsWith("eyJ") && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);
}

export class JwtVerifier {
  private keys: Map<string, KeyEntry> | null = null;
  private loading: Promise<Map<string, KeyEntry>> | null = null;
  private lastLoadAt = 0;

  constructor(private readonly pool: DbPool) {}

  /** The claims of a valid access token, or a JwtRejected saying why it is not. */
  async verify(token: string, now = Date.now()): Promise<AccessClaims> {
    let kid = "";
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        token,
        async (header) => {
          kid = header.kid ?? "";
          if (!kid) throw new JwtRejected("Access token has no key id (kid)");
          const entry = await this.keyFor(kid, now);
          if (!entry) throw new JwtRejected("Access token was signed by an unknown key");
          return entry.key;
        },
        {
          audience: ACCESS_TOKEN_AUDIENCE,
          issuer: ACCESS_TOKEN_ISSUER,
          algorithms: [JWT_ALG],
          requiredClaims: ["exp", "sub"],
          // The control plane and the data plane may run on hosts whose clocks differ slightly.
          clockTolerance: 5,
          currentDate: new Date(now),
        },
      ));
    } catch (error) {
      // Anything but a token problem (the database being down, say) is not the caller's fault.
      if (!(error instanceof JwtRejected) && !(error instanceof errors.JOSEError)) throw error;
      throw rejection(error);
    }
    const role = ROLES.find((candidate) => candidate === payload.role);
    if (!payload.sub || typeof payload.org !== "string" || !role) {
      throw new JwtRejected("Access token is missing its sub, org or role claim");
    }
    if (typeof payload.exp !== "number") throw new JwtRejected("Access token has no expiry (exp)");
    const issuedAt = typeof payload.iat === "number" ? payload.iat * 1000 : null;
    return { userId: payload.sub, orgId: payload.org, role, expiresAt: payload.exp * 1000, issuedAt, kid };
  }

  /** Drops the loaded keys after a signing_keys change; the next token loads them again. */
  invalidate(): void {
    this.keys = null;
    this.lastLoadAt = 0;
  }

  private async keyFor(kid: string, now: number): Promise<KeyEntry | null> {
    let keys = this.keys ?? (await this.load());
    if (!keys.has(kid) && Date.now() - this.lastLoadAt >= RELOAD_INTERVAL_MS) keys = await this.load();
    const entry = keys.get(kid);
    if (!entry) return null;
    if (entry.retiredAt !== null && entry.retiredAt < now - RETIRED_KEY_GRACE_MS) return null;
    return entry;
  }

  private load(): Promise<Map<string, KeyEntry>> {
    this.loading ??= (async () => {
      try {
        const { rows } = await this.pool.query<{ kid: string; public_jwk: JWK; retired_at: Date | null }>(
          `select kid, public_jwk, retired_at from signing_keys where alg = $1`,
          [JWT_ALG],
        );
        const keys = new Map<string, KeyEntry>();
        for (const row of rows) {
          try {
            keys.set(row.kid, {
              key: await importJWK(row.public_jwk, JWT_ALG),
              retiredAt: row.retired_at?.getTime() ?? null,
            });
          } catch {
            // A malformed row must not lock every other key out.
          }
        }
        this.keys = keys;
        this.lastLoadAt = Date.now();
        return keys;
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }
}

function rejection(error: unknown): JwtRejected {
  if (error instanceof JwtRejected) return error;
  if (error instanceof errors.JWTExpired) return new JwtRejected("Access token has expired");
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "aud") return new JwtRejected("Access token is not meant for this service (aud)");
    if (error.claim === "iss") return new JwtRejected("Access token was issued by an unknown issuer (iss)");
    if (error.claim === "nbf") return new JwtRejected("Access token is not valid yet (nbf)");
    return new JwtRejected(`Access token claim "${error.claim}" is invalid`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new JwtRejected("Access token signature is invalid");
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new JwtRejected("Access token must be signed with ES256");
  return new JwtRejected("Malformed access token");
}
