import "server-only";
import { z } from "zod";
import { DEV_SECRETS } from "~/server/auth/dev-secrets";

// Validated once, on first import, so a misconfigured deployment fails at start-up and not on the first request.

const SECRET_NAMES = ["NEXTAUTH_SECRET", "OMNIMESH_ENCRYPTION_KEY", "OMNIMESH_TOKEN_PEPPER"] as const;
type TSecretName = (typeof SECRET_NAMES)[number];

const MIN_SECRET_LENGTH = 32;
const WEAK_SECRETS = new Set(["secret", "changeme", "change-me", "password", "development", "test"]);

const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL"),
  NEXTAUTH_SECRET: z.string().min(1).optional(),
  NEXTAUTH_URL: z.url().default("http://localhost:3000"),
  OMNIMESH_ENCRYPTION_KEY: z.string().min(1).optional(),
  OMNIMESH_TOKEN_PEPPER: z.string().min(1).optional(),
  OMNIMESH_DATAPLANE_URL: z.url().default("http://localhost:4000"),
  OMNIMESH_ALLOW_DEV_SECRETS: z
    .enum(["0", "1", "true", "false"])
    .optional()
    .transform((value) => value === "1" || value === "true"),
  REDIS_URL: z.string().min(1).optional(),
  /** Namespaces every Redis key, so deployments (and test runs) sharing one Redis never share counters. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, "letters, digits, : _ - (at most 64)")
    .default("omnimesh"),
  SMTP_URL: z.string().min(1).optional(),
  SMTP_FROM: z.string().min(1).default("Omnimesh <no-reply@omnimesh.local>"),
});

export type TEnv = Omit<z.output<typeof ZEnv>, TSecretName> & Record<TSecretName, string>;

/** Exported for tests; the app uses `env` below. */
export function loadEnv(source: NodeJS.ProcessEnv): TEnv {
  // `next build` evaluates server modules to collect page data; real values are only needed at run time.
  const building = source.NEXT_PHASE === "phase-production-build";
  const input = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  if (building) input.DATABASE_URL ??= "postgresql://build-placeholder/omnimesh";

  const parsed = ZEnv.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  const value = parsed.data;
  const strict = value.NODE_ENV === "production" && !value.OMNIMESH_ALLOW_DEV_SECRETS && !building;

  const problems: string[] = [];
  const secrets = {} as Record<TSecretName, string>;
  for (const name of SECRET_NAMES) {
    const secret = value[name];
    if (!secret) {
      if (strict) problems.push(`  ${name}: required in production`);
      secrets[name] = DEV_SECRETS[name];
      continue;
    }
    const weak =
      secret.length < MIN_SECRET_LENGTH || WEAK_SECRETS.has(secret.toLowerCase()) || secret === DEV_SECRETS[name];
    if (strict && weak)
      problems.push(`  ${name}: too weak for production (at least ${MIN_SECRET_LENGTH} random chars)`);
    secrets[name] = secret;
  }
  if (problems.length > 0) {
    throw new Error(
      `Refusing to start with unsafe secrets (set OMNIMESH_ALLOW_DEV_SECRETS=1 to override):\n${problems.join("\n")}`,
    );
  }
  return { ...value, ...secrets };
}

export const env: TEnv = loadEnv(process.env);
