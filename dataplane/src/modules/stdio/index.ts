// The stdio bridge endpoints (admin callers only):
//   POST /stdio/execute  { serverId, message }          one JSON-RPC request → the upstream's response
//   GET  /stdio/process                                  the org's stdio servers and their processes
//   POST /stdio/process  { serverId, action }           start | stop | restart
//   POST /stdio/send     { serverId, message }          a notification, or a request not waited for
// The caller is authenticated before the body is read, so strangers get a 401, never a 400.
import { Elysia } from "elysia";
import type { z } from "zod";
import { AppError } from "../../lib/app-error.ts";
import { normalizeIp } from "../../lib/ip.ts";
import { firstIssue, ZExecuteBody, ZProcessBody, ZSendBody } from "./model.ts";
import type { StdioBridgeService } from "./service.ts";

type HttpServer = { requestIP(request: Request): { address: string } | null } | null;

function clientIp(request: Request, server: HttpServer): string | null {
  const ip = server?.requestIP(request)?.address;
  return ip ? normalizeIp(ip) : null;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The body is read only once the caller is known (routes use parse: "none"). */
async function parseBody<T extends z.ZodType>(schema: T, request: Request): Promise<z.infer<T>> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new AppError("BAD_REQUEST", `Bad Request: the body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "Bad Request: the body is not valid JSON");
  }
  const result = schema.safeParse(body);
  if (!result.success) throw new AppError("BAD_REQUEST", `Bad Request: ${firstIssue(result.error)}`);
  return result.data;
}

export function stdioModule(service: StdioBridgeService) {
  const caller = (request: Request, server: HttpServer) =>
    service.authenticate(request.headers.get("authorization"), clientIp(request, server));
  return new Elysia({ name: "stdio-bridge" })
    .post(
      "/stdio/execute",
      async ({ request, server, set }) => {
        const principal = await caller(request, server);
        const body = await parseBody(ZExecuteBody, request);
        const result = await service.execute(principal, body, clientIp(request, server));
        set.status = result.status;
        return result.body;
      },
      { parse: "none" },
    )
    .get("/stdio/process", async ({ request, server }) => service.listProcesses(await caller(request, server)))
    .post(
      "/stdio/process",
      async ({ request, server }) => {
        const principal = await caller(request, server);
        return service.control(principal, await parseBody(ZProcessBody, request));
      },
      { parse: "none" },
    )
    .post(
      "/stdio/send",
      async ({ request, server, set }) => {
        const principal = await caller(request, server);
        const result = await service.send(principal, await parseBody(ZSendBody, request), clientIp(request, server));
        set.status = 202;
        return result;
      },
      { parse: "none" },
    );
}
