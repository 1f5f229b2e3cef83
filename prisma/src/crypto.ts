// Secrets at rest (server env vars, upstream headers, signing keys) are sealed with AES-256-GCM under
// OMNIMESH_ENCRYPTION_KEY. The sealed form is "v1.<iv>.<tag>.<ciphertext>" in base64url, so the
// format can change later without guessing.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const VERSION = "v1";

function keyFrom(secret: string): Buffer {
  // Accept any high-entropy string; derive exactly 32 bytes from it.
  return createHash("sha256").update(secret, "utf8").digest();
}

export function encryptSecret(plaintext: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(secret), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), body.toString("base64url")].join(".");
}

export function decryptSecret(sealed: string, secret: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("unrecognised sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", keyFrom(secret), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

/** Seals a string map (env vars, headers); null when there is nothing to store. */
export function encryptRecord(record: Record<string, string> | undefined, secret: string): string | null {
  if (!record || Object.keys(record).length === 0) return null;
  return encryptSecret(JSON.stringify(record), secret);
}

export function decryptRecord(sealed: string | null | undefined, secret: string): Record<string, string> {
  if (!sealed) return {};
  return JSON.parse(decryptSecret(sealed, secret)) as Record<string, string>;
}

/** Hash for high-entropy tokens (API keys, refresh tokens, invite tokens): HMAC-SHA256 with a pepper. */
export function hashToken(token: string, pepper: string): string {
  return createHmac("sha256", pepper).update(token, "utf8").digest("base64url");
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
