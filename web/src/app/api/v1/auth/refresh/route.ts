import { parseInput } from "~/server/errors/app-error";
import { json, readJson, restHandler } from "~/server/rest/respond";
import { rotateRefreshToken, ZRefreshInput } from "~/server/services/auth/rotate-refresh-token";

export const POST = restHandler(async (request: Request) => {
  const input = parseInput(ZRefreshInput, await readJson(request));
  return json(await rotateRefreshToken(input));
});
