import { describe, expect, it } from "vitest";
import { loadEnv } from "./env";

const DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/x";
const strong = {
  NEXTAUTH_SECRET: "a".repeat(40),
  OMNIMESH_ENCRYPTION_KEY: "b".repeat(40),
  OMNIMESH_TOKEN_PEPPER: "c".repeat(40),
};

describe("loadEnv", () => {
  it("fills dev secrets and defaults outside production", () => {
    const env = loadEnv({ NODE_ENV: "development", DATABASE_URL });
    expect(env.NEXTAUTH_URL).toBe("http://localhost:3000");
    expect(env.OMNIMESH_DATAPLANE_URL).toBe("http://localhost:4000");
    expect(env.NEXTAUTH_SECRET.length).toBeGreaterThan(20);
  });

  it("requires DATABASE_URL", () => {
    expect(() => loadEnv({ NODE_ENV: "development" })).toThrow(/DATABASE_URL/);
  });

  it("refuses missing or weak secrets in production, unless explicitly allowed", () => {
    expect(() => loadEnv({ NODE_ENV: "production", DATABASE_URL })).toThrow(/NEXTAUTH_SECRET: required in production/);
    expect(() =>
      loadEnv({ NODE_ENV: "production", DATABASE_URL, ...strong, OMNIMESH_TOKEN_PEPPER: "changeme" }),
    ).toThrow(/OMNIMESH_TOKEN_PEPPER: too weak/);
    expect(loadEnv({ NODE_ENV: "production", DATABASE_URL, ...strong }).OMNIMESH_TOKEN_PEPPER).toBe("c".repeat(40));
    expect(() => loadEnv({ NODE_ENV: "production", DATABASE_URL, OMNIMESH_ALLOW_DEV_SECRETS: "1" })).not.toThrow();
  });
});
