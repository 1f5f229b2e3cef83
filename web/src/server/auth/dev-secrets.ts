/**
 * Secrets used only outside production (or with OMNIMESH_ALLOW_DEV_SECRETS), so a local checkout runs with
 * no setup. src/env.ts refuses them in production.
 */
export const DEV_SECRETS = {
  NEXTAUTH_SECRET: "omnimesh-dev-only-nextauth-secret-do-not-use",
  OMNIMESH_ENCRYPTION_KEY: "omnimesh-dev-only-encryption-key-do-not-use",
  OMNIMESH_TOKEN_PEPPER: "omnimesh-dev-only-token-pepper-do-not-use",
} as const;
