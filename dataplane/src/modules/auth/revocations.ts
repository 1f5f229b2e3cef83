// Access JWTs are verified without a database round trip, so a member removed from an org (or whose role
// changed) would keep their old token's access until it expires. Membership change notifications feed this
// in-memory list instead: "tokens of (org, user) issued before T are void". A token cannot outlive
// ACCESS_TOKEN_TTL_MS, so an entry is dropped once every token it could void has expired anyway.

/** The control plane's access-token lifetime (web/src/server/auth/access-token.ts, ACCESS_TOKEN_TTL_SECONDS). */
export const ACCESS_TOKEN_TTL_MS = 15 * 60 * 1000;
/** Kept a little longer than the lifetime, for the verifier's clock tolerance and a late `iat`. */
const RETENTION_MS = ACCESS_TOKEN_TTL_MS + 60_000;
const SWEEP_INTERVAL_MS = 60_000;
const WHOLE_ORG = "*";

export const REVOKED_MESSAGE = "token revoked: membership changed, sign in again";

export class TokenRevocations {
  /** `<org>:<user>` (or `<org>:*`) → the first second (epoch ms) whose tokens are still valid. */
  private readonly validFrom = new Map<string, number>();
  private lastSweepAt = 0;

  /**
   * Voids every token of the user in the org issued up to now. `userId` null voids the whole org's tokens
   * (a notification that did not say whose membership it was).
   */
  revoke(orgId: string, userId: string | null, now = Date.now()): void {
    // `iat` has whole seconds: a token issued in this very second may predate the change, so it goes too.
    this.validFrom.set(`${orgId}:${userId ?? WHOLE_ORG}`, Math.floor(now / 1000) * 1000 + 1000);
    if (now - this.lastSweepAt >= SWEEP_INTERVAL_MS) this.sweep(now);
  }

  /** True when a token of the user in the org, issued at `issuedAt` (epoch ms; null if unknown), is void. */
  isRevoked(orgId: string, userId: string, issuedAt: number | null, now = Date.now()): boolean {
    if (this.validFrom.size === 0) return false;
    return this.voids(`${orgId}:${userId}`, issuedAt, now) || this.voids(`${orgId}:${WHOLE_ORG}`, issuedAt, now);
  }

  get size(): number {
    return this.validFrom.size;
  }

  private voids(key: string, issuedAt: number | null, now: number): boolean {
    const validFrom = this.validFrom.get(key);
    if (validFrom === undefined || validFrom + RETENTION_MS <= now) return false;
    return issuedAt === null || issuedAt < validFrom;
  }

  private sweep(now: number): void {
    this.lastSweepAt = now;
    for (const [key, validFrom] of this.validFrom) {
      if (validFrom + RETENTION_MS <= now) this.validFrom.delete(key);
    }
  }
}
