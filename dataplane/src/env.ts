// Environment contract of the data plane, validated once at start-up so a misconfigured deploy fails
// immediately instead of on the first request.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== "" ? value.trim() : undefined));

export const ZEnv = z
  .object({
    DATABASE_URL: z.string().min(1, "DATABASE_URL is required"),
    REDIS_URL: optionalString,
    /** Namespaces every Redis key, so deployments (and test runs) sharing one Redis never share counters. */
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9:_-]{1,64}$/, "REDIS_KEY_PREFIX: letters, digits, : _ - (at most 64)")
      .default("omnimesh"),
    UPSTASH_REDIS_REST_URL: optionalString,
    UPSTASH_REDIS_REST_TOKEN: optionalString,
    OMNIMESH_ENCRYPTION_KEY: z.string().min(16, "OMNIMESH_ENCRYPTION_KEY must be at least 16 characters"),
    OMNIMESH_TOKEN_PEPPER: z.string().min(16, "OMNIMESH_TOKEN_PEPPER must be at least 16 characters"),
    DATAPLANE_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    DATAPLANE_HOST: z.string().default("0.0.0.0"),
    OMNIMESH_ALLOWED_ORIGINS: optionalString.transform((value) =>
      value
        ? value
            .split(",")
            .map((origin) => origin.trim())
            .filter(Boolean)
        : [],
    ),
    /** Origin of the web app (defaults to NEXTAUTH_URL): its pages may call the data plane from a browser. */
    OMNIMESH_WEB_URL: optionalString.pipe(
      z
        .url("OMNIMESH_WEB_URL must be a URL such as https://omnimesh.example.com")
        .transform((value) => new URL(value).origin)
        .optional(),
    ),
    NODE_ENV: z.string().default("development"),
    UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
    /** Health/discovery sweep period; 0 disables the loop. */
    DISCOVERY_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
    /** Whether a sweep starts stdio servers no client has used yet ("0"/"false" skips them). */
    DISCOVERY_START_IDLE: z
      .enum(["1", "0", "true", "false"])
      .default("1")
      .transform((value) => value === "1" || value === "true"),
    /** The lean forwarding path for plain tools/call and prompts/get (mcp/fast-lane); "false"/"0" turns it off. */
    OMNIMESH_FAST_LANE: z
      .enum(["true", "false", "1", "0"])
      .default("true")
      .transform((value) => value === "true" || value === "1"),
    /**
     * How long a stateless multi-round-trip call (input_required) waits for the client's retry before
     * its upstream call is cancelled; a human may be answering an elicitation.
     */
    OMNIMESH_INPUT_REQUIRED_TTL_MS: z.coerce.number().int().min(1).max(86_400_000).default(600_000),
    // Quiet event streams get a ": keepalive" comment this often (Bun's idleTimeout and proxies close idle ones).
    OMNIMESH_SSE_KEEPALIVE_MS: z.coerce.number().int().min(50).max(55_000).default(15_000),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
    OMNIMESH_STDIO_CWD: optionalString.transform((value) => value ?? repoRoot),
  })
  .refine((env) => Boolean(env.UPSTASH_REDIS_REST_URL) === Boolean(env.UPSTASH_REDIS_REST_TOKEN), {
    message: "UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together",
    path: ["UPSTASH_REDIS_REST_TOKEN"],
  });

export type TEnv = z.infer<typeof ZEnv>;

/** Parses an environment; throws one readable error listing every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): TEnv {
  const result = ZEnv.safeParse({
    ...source,
    OMNIMESH_WEB_URL: source.OMNIMESH_WEB_URL?.trim() ? source.OMNIMESH_WEB_URL : source.NEXTAUTH_URL,
  });
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "env"}: ${issue.message}`);
    throw new Error(`Invalid data plane environment:\n${lines.join("\n")}`);
  }
  return result.data;
}
