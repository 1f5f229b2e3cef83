// Bearer authentication without a database round trip per request. API keys: rows are cached by
// prefix and dropped on NOTIFY (revocation takes effect on the next request), with a TTL as a safety
// net. Access JWTs of the control plane: verified against the cached public signing keys (jwt.ts), and
// refused once a membership change notification has voided them (revocations.ts).
import { apiKeyPrefix } from "@omnimesh/db/api-key";
import { hashToken, safeEqual } from "@omnimesh/db/crypto";
import type { DbPool } from "../../db/pool.ts";
import { AppError } from "../../lib/app-error.ts";
import { CachedLoader } from "../../lib/cached-loader.ts";
import { JwtRejected, JwtVerifier, looksLikeJwt } from "./jwt.ts";
import { type ApiKeyRecord, type Principal, scopesForRole } from "./model.ts";
import { REVOKED_MESSAGE, TokenRevocations } from "./revocations.ts";

export const BEARER_CHALLENGE = { "WWW-Authenticate": 'Bearer realm="omnimesh"' };

function unauthorized(message: string): AppError {
  return new AppError("UNAUTHORIZED", message, { headers: BEARER_CHALLENGE });
}

interface ApiKeyRow {
  id: string;
  org_id: string;
  prefix: string;
  key_hash: string;
  scopes: string[];
  namespace_ids: string[];
  expires_at: Date | null;
  revoked_at: Date | null;
  created_by_id: string | null;
}

export class ApiKeyAuthenticator {
  readonly cache: CachedLoader<string, ApiKeyRecord | null>;
  readonly jwt: JwtVerifier;
  /** Not a cache: never cleared on a listener reset, entries expire with the tokens they void. */
  readonly revocations = new TokenRevocations();

  constructor(
    private readonly pool: DbPool,
    private readonly pepper: string,
    options: { ttlMs: number; strict: () => boolean },
  ) {
    this.cache = new CachedLoader((prefix) => this.loadByPrefix(prefix), {
      ttlMs: options.ttlMs,
      negativeTtlMs: 5_000,
      strict: options.strict,
    });
    this.jwt = new JwtVerifier(pool);
  }

  /**
   * The credential of a bearer header (an API key's row, or an access JWT shaped like one), or an
   * UNAUTHORIZED AppError (with the Bearer challenge).
   */
  async authenticate(authorization: string | null, now = Date.now()): Promise<ApiKeyRecord> {
    if (!authorization) throw unauthorized("Missing API key: send Authorization: Bearer <key>");
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const token = match?.[1];
    if (!token) throw unauthorized("Malformed Authorization header: expected Bearer <key>");
    if (looksLikeJwt(token)) return this.authenticateJwt(token, now);
    const prefix = apiKeyPrefix(token);
    if (!prefix) throw unauthorized("Invalid API key");
    const record = await this.cache.get(prefix);
    // One HMAC per request (a few microseconds); raw keys are never kept in memory.
    if (!record || !safeEqual(hashToken(token, this.pepper), record.keyHash)) throw unauthorized("Invalid API key");
    if (record.revokedAt !== null) throw unauthorized("API key has been revoked");
    if (record.expiresAt !== null && record.expiresAt <= now) throw unauthorized("API key has expired");
    return record;
  }

  /** Drops a key after a change notification (revocation, scope change, deletion). */
  invalidateKey(id: string | null): void {
    if (id === null) this.cache.clear();
    else this.cache.invalidate((_prefix, record) => record?.id === id);
  }

  /**
   * After a membership of the org changed or was deleted: the user's access JWTs issued until now stop
   * working (their role claim may be stale). `userId` null voids every user's tokens in the org.
   */
  revokeMember(orgId: string, userId: string | null, now = Date.now()): void {
    this.revocations.revoke(orgId, userId, now);
  }

  /** Why an admitted JWT may no longer be used (null: still valid), for long-lived connections. */
  jwtRevocation(record: ApiKeyRecord, now = Date.now()): string | null {
    if (record.kind !== "jwt" || record.createdById === null) return null;
    const revoked = this.revocations.isRevoked(record.orgId, record.createdById, record.issuedAt ?? null, now);
    return revoked ? REVOKED_MESSAGE : null;
  }

  clear(): void {
    this.cache.clear();
    this.jwt.invalidate();
  }

  private async authenticateJwt(token: string, now: number): Promise<ApiKeyRecord> {
    try {
      const claims = await this.jwt.verify(token, now);
      if (this.revocations.isRevoked(claims.orgId, claims.userId, claims.issuedAt, now)) {
        throw unauthorized(REVOKED_MESSAGE);
      }
      return {
        id: `jwt:${claims.userId}`,
        kind: "jwt",
        orgId: claims.orgId,
        prefix: `jwt:${claims.kid}`,
        keyHash: "",
        scopes: scopesForRole(claims.role),
        namespaceIds: [],
        expiresAt: claims.expiresAt,
        revokedAt: null,
        createdById: claims.userId,
        role: claims.role,
        issuedAt: claims.issuedAt,
      };
    } catch (error) {
      if (error instanceof JwtRejected) throw unauthorized(error.message);
      throw error;
    }
  }

  private async loadByPrefix(prefix: string): Promise<ApiKeyRecord | null> {
    const { rows } = await this.pool.query<ApiKeyRow>(
      `select id, org_id, prefix, key_hash, scopes, namespace_ids, expires_at, revoked_at, created_by_id
         from api_keys where prefix = $1`,
      [prefix],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      kind: "api_key",
      orgId: row.org_id,
      prefix: row.prefix,
      keyHash: row.key_hash,
      scopes: row.scopes,
      namespaceIds: row.namespace_ids,
      expiresAt: row.expires_at?.getTime() ?? null,
      revokedAt: row.revoked_at?.getTime() ?? null,
      createdById: row.created_by_id,
      role: null,
    };
  }
}

export function toPrincipal(record: ApiKeyRecord): Principal {
  return {
    kind: record.kind,
    apiKeyId: record.id,
    orgId: record.orgId,
    scopes: record.scopes,
    namespaceIds: record.namespaceIds,
    userId: record.createdById,
    role: record.role,
  };
}
