import { parseInput } from "~/server/errors/app-error";
import { json, readJson, restHandler } from "~/server/rest/respond";
import { logOut } from "~/server/services/auth/log-out";
import { ZRefreshInput } from "~/server/services/auth/rotate-refresh-token";

/** Revokes the refresh token's family; the access token simply expires (15 minutes). */
export const POST = restHandler(async (request: Request) => {
  const input = parseInput(ZRefreshInput, await readJson(request));
  await logOut(input);
  return json({ ok: true });
});
