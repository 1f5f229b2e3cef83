// Test helper: a signing key made the way the control plane makes one (web/src/server/auth/
// signing-keys.ts: ES256 pair, public JWK with kid/alg/use, private half sealed) stored in
// signing_keys, and access tokens signed with it like web/src/server/auth/access-token.ts does.
import { encryptSecret, randomToken } from "@omnimesh/db/crypto";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import type pg from "pg";
import type { GatewaySuite } from "../../test/gateway-suite.ts";
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, type Role } from "./jwt.ts";

export interface TestSigningKey {
  kid: string;
  privateKey: CryptoKey;
}

export async function createSigningKey(pool: pg.Pool, encryptionKey: string, kid = randomToken(12)) {
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" };
  const sealed = encryptSecret(JSON.stringify(await exportJWK(privateKey)), encryptionKey);
  await pool.query(
    `insert into signing_keys (kid, alg, public_jwk, private_jwk_encrypted) values ($1, 'ES256', $2, $3)`,
    [kid, JSON.stringify(publicJwk), sealed],
  );
  return { kid, privateKey };
}

export interface TokenSpec {
  userId: string;
  orgId: string;
  role: Role;
  audience?: string;
  issuer?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  notBefore?: number;
  /** Seconds from now for `iat` (default -60). */
  issuedAt?: number;
  kid?: string;
}

export function signTestToken(key: TestSigningKey, spec: TokenSpec): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ org: spec.orgId, role: spec.role })
    .setProtectedHeader({ alg: "ES256", kid: spec.kid ?? key.kid, typ: "JWT" })
    .setSubject(spec.userId)
    .setAudience(spec.audience ?? ACCESS_TOKEN_AUDIENCE)
    .setIssuer(spec.issuer ?? ACCESS_TOKEN_ISSUER)
    .setIssuedAt(now + (spec.issuedAt ?? -60))
    .setExpirationTime(now + (spec.expiresIn ?? 900))
    .setJti(randomToken(12));
  if (spec.notBefore !== undefined) jwt.setNotBefore(now + spec.notBefore);
  return jwt.sign(key.privateKey);
}

export async function removeSigningKeys(pool: pg.Pool, kids: string[]): Promise<void> {
  await pool.query(`delete from signing_keys where kid = any($1)`, [kids]);
}

/** A signing key in the suite's database, removed when the suite ends. */
export async function suiteSigningKey(suite: Pick<GatewaySuite, "pool" | "env" | "onStop">): Promise<TestSigningKey> {
  const key = await createSigningKey(suite.pool, suite.env.OMNIMESH_ENCRYPTION_KEY);
  suite.onStop(() => removeSigningKeys(suite.pool, [key.kid]));
  return key;
}
