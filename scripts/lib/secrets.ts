// Secrets for local runs. In production every secret must come from the environment (the apps
// refuse to start without them); on a developer machine they are generated once and kept in
// .omnimesh/secrets.json, so sessions, sealed secrets and API keys survive restarts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { randomToken } from "@omnimesh/db/crypto";

export const SECRET_NAMES = ["OMNIMESH_ENCRYPTION_KEY", "OMNIMESH_TOKEN_PEPPER", "NEXTAUTH_SECRET"] as const;
export type Secrets = Record<(typeof SECRET_NAMES)[number], string>;

export function loadSecrets(file: string): Secrets {
  const stored: Partial<Secrets> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const secrets = {} as Secrets;
  let changed = false;
  for (const name of SECRET_NAMES) {
    const fromEnv = process.env[name];
    if (fromEnv) secrets[name] = fromEnv;
    else if (stored[name]) secrets[name] = stored[name];
    else {
      if (process.env.NODE_ENV === "production") throw new Error(`${name} must be set in production`);
      secrets[name] = randomToken(32);
      stored[name] = secrets[name];
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  return secrets;
}
