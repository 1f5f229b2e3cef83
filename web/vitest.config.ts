import path from "node:path";
import { defineConfig } from "vitest/config";

const testDefaults: Record<string, string> = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/omnimesh_web_test",
  NEXTAUTH_SECRET: "test-nextauth-secret-0123456789abcdef0123456789",
  OMNIMESH_ENCRYPTION_KEY: "test-encryption-key-0123456789abcdef0123456789",
  OMNIMESH_TOKEN_PEPPER: "test-token-pepper-0123456789abcdef0123456789",
};

export default defineConfig({
  resolve: {
    alias: {
      "server-only": path.resolve(import.meta.dirname, "src/test/server-only.ts"),
      "~": path.resolve(import.meta.dirname, "src"),
    },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
    // Values from the environment (the repo's test runner sets DATABASE_URL) win over these defaults.
    env: Object.fromEntries(Object.entries(testDefaults).map(([key, value]) => [key, process.env[key] ?? value])),
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
