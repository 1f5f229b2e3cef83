import path from "node:path";
import type { NextConfig } from "next";

// The web app lives in web/; the shared @omnimesh/db package and the hoisted node_modules sit one level up.
const repoRoot = path.resolve(import.meta.dirname, "..");

const nextConfig: NextConfig = {
  // @omnimesh/db ships TypeScript source (with .ts import specifiers), so Next compiles it.
  transpilePackages: ["@omnimesh/db"],
  serverExternalPackages: ["pg", "ioredis", "nodemailer"],
  outputFileTracingRoot: repoRoot,
  turbopack: { root: repoRoot },
  poweredByHeader: false,
  async rewrites() {
    return [
      { source: "/health", destination: "/api/health" },
      { source: "/.well-known/jwks.json", destination: "/api/v1/auth/jwks" },
    ];
  },
};

export default nextConfig;
