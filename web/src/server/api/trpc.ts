import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import { clientIp } from "~/server/auth/client-ip";
import { can, type TPermission } from "~/server/auth/permissions";
import { getSessionAuth } from "~/server/auth/session";
import { APP_ERROR_CODES, AppError, zodFieldErrors } from "~/server/errors/app-error";
import type { TActor } from "~/server/services/audit/record-audit";
import { resolveMembership } from "~/server/services/orgs/resolve-membership";

// 1. Context ------------------------------------------------------------------------------------------------

export interface TRPCContext {
  userId: string | null;
  /** The org the session has selected; procedures re-check the membership on every call. */
  orgId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export async function createTRPCContext(opts: { headers: Headers }): Promise<TRPCContext> {
  const session = await getSessionAuth();
  return {
    userId: session?.userId ?? null,
    orgId: session?.orgId ?? null,
    ip: clientIp(opts.headers),
    userAgent: opts.headers.get("user-agent"),
  };
}

// 2. Initialisation ------------------------------------------------------------------------------------------

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const zodError = cause instanceof ZodError ? cause : null;
    return {
      ...shape,
      data: {
        ...shape.data,
        appCode: cause instanceof AppError ? cause.code : zodError ? "VALIDATION_ERROR" : null,
        fields: cause instanceof AppError ? (cause.fields ?? null) : zodError ? zodFieldErrors(zodError) : null,
        zodError: zodError ? z.flattenError(zodError) : null,
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

// 3. Procedures ----------------------------------------------------------------------------------------------

/** Services throw AppError; this turns it into the TRPCError with the matching code, keeping it as the cause. */
const appErrorMiddleware = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: APP_ERROR_CODES[cause.code].trpc, message: cause.message, cause });
  }
  return result;
});

export const publicProcedure = t.procedure.use(appErrorMiddleware);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.userId) throw new AppError("UNAUTHORIZED", "Sign in to continue");
  return next({ ctx: { ...ctx, userId: ctx.userId } });
});

/**
 * Procedures on an org's objects: resolves the caller's membership in the session's org and checks the
 * permission matrix. Every service called from here receives `ctx.org.id` and filters by it.
 */
export function orgProcedure(permission: TPermission) {
  return protectedProcedure.use(async ({ ctx, next }) => {
    const membership = await resolveMembership({ userId: ctx.userId, orgId: ctx.orgId, fallbackToFirst: true });
    if (!membership) throw new AppError("FORBIDDEN", "You are not a member of any organization");
    if (!can(membership.role, permission)) {
      throw new AppError("FORBIDDEN", `Your role (${membership.role}) cannot do this`);
    }
    const actor: TActor = {
      userId: membership.user.id,
      apiKeyId: null,
      email: membership.user.email,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    };
    return next({ ctx: { ...ctx, org: membership.org, role: membership.role, actor } });
  });
}
