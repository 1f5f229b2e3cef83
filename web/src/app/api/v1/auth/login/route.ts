import { clientIp } from "~/server/auth/client-ip";
import { parseInput } from "~/server/errors/app-error";
import { json, readJson, restHandler } from "~/server/rest/respond";
import { logIn, ZLogInInput } from "~/server/services/auth/log-in";

export const POST = restHandler(async (request: Request) => {
  const input = parseInput(ZLogInInput, await readJson(request));
  return json(await logIn(input, clientIp(request.headers)));
});
