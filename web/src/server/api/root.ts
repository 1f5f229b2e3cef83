import "server-only";
import { apiKeysRouter } from "~/server/api/routers/api-keys";
import { auditRouter } from "~/server/api/routers/audit";
import { authRouter } from "~/server/api/routers/auth";
import { logsRouter } from "~/server/api/routers/logs";
import { namespacesRouter } from "~/server/api/routers/namespaces";
import { orgRouter } from "~/server/api/routers/org";
import { serversRouter } from "~/server/api/routers/servers";
import { createCallerFactory, createTRPCRouter } from "~/server/api/trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  org: orgRouter,
  namespaces: namespacesRouter,
  servers: serversRouter,
  apiKeys: apiKeysRouter,
  logs: logsRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
