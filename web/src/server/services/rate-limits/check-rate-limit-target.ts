import "server-only";
import { rateLimitTargetProblem, type TRateLimitScope } from "@omnimesh/db/policy-conditions";
import type { TDb } from "~/server/db";
import { AppError } from "~/server/errors/app-error";

function targetError(message: string): AppError {
  return new AppError("VALIDATION_ERROR", `Invalid input: target (${message})`, { fields: { target: message } });
}

/**
 * The target must be one the data plane can match for the scope: none for org/namespace, one of the org's API
 * keys or members, one IP address, or a tool glob. Another org's key or user is the same error as a missing one.
 */
export async function checkRateLimitTarget(
  tx: TDb,
  orgId: string,
  scope: TRateLimitScope,
  target: string | null,
): Promise<void> {
  if (target === null) return;
  const problem = rateLimitTargetProblem(scope, target);
  if (problem) throw targetError(problem);
  if (scope === "api_key") {
    const key = await tx.apiKey.findFirst({ where: { id: target, orgId }, select: { id: true } });
    if (!key) throw targetError("No such API key in this organization");
  }
  if (scope === "user") {
    const member = await tx.membership.findFirst({ where: { userId: target, orgId }, select: { id: true } });
    if (!member) throw targetError("No such member in this organization");
  }
}
