import { randomBytes } from "node:crypto";
import { createCaller } from "~/server/api/root";
import type { TRPCContext } from "~/server/api/trpc";
import type { TRole } from "~/server/auth/permissions";
import { db } from "~/server/db";
import { signUp } from "~/server/services/auth/sign-up";

/** Unique per call, so tests share one database without seeing each other's rows. */
export function uniqueId(prefix = "t"): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
}

/** A fresh IP per test keeps the per-IP log-in and sign-up limits from leaking between tests. */
export function uniqueIp(): string {
  const bytes = randomBytes(3);
  return `10.${bytes[0]}.${bytes[1]}.${bytes[2]}`;
}

export const TEST_PASSWORD = "correct horse battery staple";

export interface TTestAccount {
  userId: string;
  email: string;
  org: { id: string; slug: string; name: string };
  ctx: TRPCContext;
  caller: ReturnType<typeof createCaller>;
}

export function contextFor(userId: string, orgId: string | null): TRPCContext {
  return { userId, orgId, ip: "127.0.0.1", userAgent: "vitest" };
}

/** Signs up a new user with their own org (role owner) and returns a tRPC caller acting as them. */
export async function createAccount(label = "acct"): Promise<TTestAccount> {
  const id = uniqueId(label);
  const result = await signUp(
    { name: `User ${id}`, email: `${id}@example.test`, password: TEST_PASSWORD, orgName: `Org ${id}` },
    uniqueIp(),
  );
  const ctx = contextFor(result.user.id, result.org.id);
  return { userId: result.user.id, email: result.user.email, org: result.org, ctx, caller: createCaller(ctx) };
}

/** Adds a second user to an existing org with the given role. */
export async function addMember(orgId: string, role: TRole): Promise<TTestAccount> {
  const member = await createAccount(role);
  await db.membership.create({ data: { orgId, userId: member.userId, role }, select: { id: true } });
  const ctx = contextFor(member.userId, orgId);
  const org = await db.organization.findUniqueOrThrow({
    where: { id: orgId },
    select: { id: true, slug: true, name: true },
  });
  return { ...member, org, ctx, caller: createCaller(ctx) };
}

/** A new owner (see createAccount) with one namespace, "Tools" unless named. */
export async function accountWithNamespace(label: string, namespaceName = "Tools") {
  const account = await createAccount(label);
  const namespace = await account.caller.namespaces.create({ name: namespaceName });
  return { ...account, namespace };
}

/** An owner with a "Tools" namespace and an API key "ci": what policies and rate limits refer to. */
export async function ownerWithNamespaceAndKey(label: string) {
  const account = await accountWithNamespace(label);
  const key = await account.caller.apiKeys.create({ name: "ci" });
  return { ...account, keyId: key.apiKey.id };
}

/**
 * An owner with a "Tools" namespace holding one stdio server "demo" (`node`, with `env` when given). The
 * server is never started: the control plane only stores it.
 */
export async function accountWithStdioServer(label: string, env?: Record<string, string>) {
  const account = await accountWithNamespace(label);
  const server = await account.caller.servers.create({
    namespaceId: account.namespace.id,
    name: "demo",
    transport: "stdio",
    command: "node",
    ...(env ? { env } : {}),
  });
  return { ...account, server };
}
