import { clientIp } from "~/server/auth/client-ip";
import { parseInput } from "~/server/errors/app-error";
import { json, readJson, restHandler } from "~/server/rest/respond";
import { signUp, ZSignUpInput } from "~/server/services/auth/sign-up";

export const POST = restHandler(async (request: Request) => {
  const input = parseInput(ZSignUpInput, await readJson(request));
  return json(await signUp(input, clientIp(request.headers)), 201);
});
