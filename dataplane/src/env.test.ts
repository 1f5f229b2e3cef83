import { describe, expect, test } from "bun:test";
import { resolve } from "node:path";
import { parseEnv } from "./env.ts";

const base = {
  DATABASE_URL: "postgresql://x@localhost/db",
  OMNIMESH_ENCRYPTION_KEY: "0123456789abcdef0123",
  OMNIMESH_TOKEN_PEPPER: "0123456789abcdef0123",
};

describe("parseEnv", () => {
  test("applies defaults", () => {
    const env = parseEnv(base);
    expect(env.DATAPLANE_PORT).toBe(4000);
    expect(env.DATAPLANE_HOST).toBe("0.0.0.0");
    expect(env.UPSTREAM_TIMEOUT_MS).toBe(30_000);
    expect(env.OMNIMESH_ALLOWED_ORIGINS).toEqual([]);
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.OMNIMESH_STDIO_CWD).toBe(resolve(import.meta.dir, "..", ".."));
  });

  test("fails loudly, naming every bad variable", () => {
    expect(() => parseEnv({ DATAPLANE_PORT: "x" })).toThrow(
      /DATABASE_URL[\s\S]*OMNIMESH_ENCRYPTION_KEY[\s\S]*DATAPLANE_PORT/,
    );
    expect(() => parseEnv({ ...base, UPSTASH_REDIS_REST_URL: "https://x" })).toThrow(/UPSTASH_REDIS_REST_TOKEN/);
  });

  test("parses the allowed origins list", () => {
    expect(
      parseEnv({ ...base, OMNIMESH_ALLOWED_ORIGINS: "https://a.test, https://b.test" }).OMNIMESH_ALLOWED_ORIGINS,
    ).toEqual(["https://a.test", "https://b.test"]);
  });
});
