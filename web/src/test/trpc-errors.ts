import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { ZodError } from "zod";
import { AppError, zodFieldErrors } from "~/server/errors/app-error";

/** The TRPCError a call rejects with; fails the test when it resolves or rejects with something else. */
export async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** The field → message map the errorFormatter sends to clients, for zod and service validation alike. */
export function fieldsOf(error: TRPCError): Record<string, string> | undefined {
  const cause = error.cause;
  if (cause instanceof ZodError) return zodFieldErrors(cause);
  return cause instanceof AppError ? cause.fields : undefined;
}
