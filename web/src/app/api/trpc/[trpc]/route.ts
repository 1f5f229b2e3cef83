import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { env } from "~/env";
import { appRouter } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { isSameOrigin } from "~/server/auth/same-origin";
import { AppError } from "~/server/errors/app-error";
import { errorResponse } from "~/server/rest/respond";

function handler(request: Request): Promise<Response> | Response {
  if (request.method !== "GET" && !isSameOrigin(request)) {
    return errorResponse(new AppError("FORBIDDEN", "Cross-origin request refused"));
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: request.headers }),
    onError:
      env.NODE_ENV === "development"
        ? ({ path, error }) => {
            if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC failed on ${path ?? "<no-path>"}:`, error);
          }
        : undefined,
  });
}

export { handler as GET, handler as POST };
