import { getPublicJwks } from "~/server/auth/signing-keys";
import { json, restHandler } from "~/server/rest/respond";

export const dynamic = "force-dynamic";

/** Served at /.well-known/jwks.json (rewrite in next.config.ts). */
export const GET = restHandler(async () =>
  json(await getPublicJwks(), 200, { "cache-control": "public, max-age=300" }),
);
