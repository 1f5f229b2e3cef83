import "server-only";
import { decryptSecret, encryptSecret, randomToken } from "@omnimesh/db/crypto";
import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { env } from "~/env";
import { db } from "~/server/db";

// ES256 keys for access JWTs, kept in signing_keys with the private half sealed. Rotation: insert a new key
// (it becomes the signer, being the newest active one) and set retired_at on the old one later; the JWKS keeps
// publishing a retired key for a grace period so tokens it signed stay verifiable until they expire.

export const JWT_ALG = "ES256";
const RETIRED_KEY_GRACE_MS = 24 * 60 * 60 * 1000;

type TKey = CryptoKey | Uint8Array;

let signer: Promise<{ kid: string; key: TKey }> | undefined;
const verifiers = new Map<string, Promise<TKey | null>>();

async function loadOrCreateSigner(): Promise<{ kid: string; key: TKey }> {
  const active = await db.signingKey.findFirst({
    where: { retiredAt: null, alg: JWT_ALG },
    orderBy: { activatedAt: "desc" },
    select: { kid: true, privateJwkEncrypted: true },
  });
  if (active) {
    const jwk = JSON.parse(decryptSecret(active.privateJwkEncrypted, env.OMNIMESH_ENCRYPTION_KEY)) as JWK;
    return { kid: active.kid, key: await importJWK(jwk, JWT_ALG) };
  }
  const { publicKey, privateKey } = await generateKeyPair(JWT_ALG, { extractable: true });
  const kid = randomToken(12);
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: JWT_ALG, use: "sig" };
  const privateJwk = await exportJWK(privateKey);
  await db.signingKey.create({
    data: {
      kid,
      alg: JWT_ALG,
      publicJwk,
      privateJwkEncrypted: encryptSecret(JSON.stringify(privateJwk), env.OMNIMESH_ENCRYPTION_KEY),
    },
    select: { kid: true },
  });
  return { kid, key: privateKey };
}

/** The newest active key; created on first use. */
export function getSigningKey(): Promise<{ kid: string; key: TKey }> {
  signer ??= loadOrCreateSigner().catch((error: unknown) => {
    signer = undefined;
    throw error;
  });
  return signer;
}

/** Public keys to publish: active ones and those retired within the grace period. */
export async function getPublicJwks(): Promise<{ keys: JWK[] }> {
  const rows = await db.signingKey.findMany({
    where: { OR: [{ retiredAt: null }, { retiredAt: { gt: new Date(Date.now() - RETIRED_KEY_GRACE_MS) } }] },
    orderBy: { activatedAt: "desc" },
    select: { publicJwk: true },
  });
  return { keys: rows.map((row) => row.publicJwk as JWK) };
}

async function loadVerifier(kid: string): Promise<TKey | null> {
  const row = await db.signingKey.findUnique({ where: { kid }, select: { publicJwk: true, retiredAt: true } });
  if (!row) return null;
  if (row.retiredAt && row.retiredAt.getTime() < Date.now() - RETIRED_KEY_GRACE_MS) return null;
  return importJWK(row.publicJwk as JWK, JWT_ALG);
}

/** The public key for a token's `kid`, cached per process; unknown kids are looked up once more each time. */
export async function getVerificationKey(kid: string): Promise<TKey | null> {
  let entry = verifiers.get(kid);
  if (!entry) {
    entry = loadVerifier(kid);
    verifiers.set(kid, entry);
  }
  const key = await entry.catch(() => null);
  if (!key) verifiers.delete(kid);
  return key;
}
