// API keys look like "omk_<8 hex prefix>_<43 char secret>". The prefix is stored in clear and indexed,
// so a key is found with one unique lookup and then verified against its HMAC in constant time.
import { randomBytes } from "node:crypto";
import { hashToken, randomToken } from "./crypto.ts";

export const API_KEY_SCOPES = ["mcp:full", "mcp:read", "admin"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const KEY_PATTERN = /^omk_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  /** The whole key, shown to the user once. */
  key: string;
  /** Stored and displayed, e.g. "omk_3f9a2c1d". */
  prefix: string;
  /** Stored; the only record of the secret. */
  hash: string;
}

export function generateApiKey(pepper: string): GeneratedApiKey {
  const prefix = `omk_${randomBytes(4).toString("hex")}`;
  const key = `${prefix}_${randomToken(32)}`;
  return { key, prefix, hash: hashToken(key, pepper) };
}

/** The prefix of a well-formed key, or null for anything that cannot be one of ours. */
export function apiKeyPrefix(key: string): string | null {
  const match = KEY_PATTERN.exec(key);
  return match ? `omk_${match[1]}` : null;
}
