import "server-only";
import { apiKeysRouter } from "~/server/api/routers/api-keys";
import { auditRouter } from "~/server/api/routers/audit";
import { authRouter } from "~/server/api/routers/auth";
import { invitationsRouter } from "~/server/api/routers/invitations";
import { logsRouter } from "~/server/api/routers/logs";
import { membersRouter } from "~/server/api/routers/members";
import { namespacesRouter } from "~/server/api/routers/namespaces";
import { orgRouter } from "~/server/api/routers/org";
import { policiesRouter } from "~/server/api/routers/policies";
import { rateLimitsRouter } from "~/server/api/routers/rate-limits";
import { serversRouter } from "~/server/api/routers/servers";
import { virtualServersRouter } from "~/server/api/routers/virtual-servers";
import { createCallerFactory, createTRPCRouter } from "~/server/api/trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  org: orgRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  namespaces: namespacesRouter,
  servers: serversRouter,
  virtualServers: virtualServersRouter,
  policies: policiesRouter,
  rateLimits: rateLimitsRouter,
  apiKeys: apiKeysRouter,
  logs: logsRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
