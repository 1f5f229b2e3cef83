// Seeds the demo tenant used by the embedded default, so the first screen already works: a demo org,
// a demo user, a namespace, the demo stdio MCP server and an API key. Idempotent: run on every start.
import { generateApiKey } from "./api-key.ts";
import type { PrismaClient } from "./client.ts";
import { randomToken } from "./crypto.ts";
import { hashPassword } from "./password.ts";

export interface DemoSeedInput {
  tokenPepper: string;
  /** Absolute path of the runtime that runs the demo server (bun). */
  runtimePath: string;
  /** Absolute path of dataplane/src/demo/demo-server.ts. */
  demoServerPath: string;
  /** Credentials from an earlier seed, so they stay valid across restarts. */
  previous?: DemoCredentials;
}

export interface DemoCredentials {
  email: string;
  password: string;
  orgSlug: string;
  namespaceSlug: string;
  apiKey: string;
}

export const DEMO_EMAIL = "demo@omnimesh.local";
const DEMO_ORG_SLUG = "demo";
const DEMO_NAMESPACE_SLUG = "default";

export async function seedDemo(prisma: PrismaClient, input: DemoSeedInput): Promise<DemoCredentials> {
  const password = input.previous?.password ?? randomToken(12);
  const user = await prisma.user.upsert({
    where: { email: DEMO_EMAIL },
    update: input.previous ? {} : { passwordHash: await hashPassword(password) },
    create: { email: DEMO_EMAIL, name: "Demo User", passwordHash: await hashPassword(password) },
    select: { id: true },
  });
  const org = await prisma.organization.upsert({
    where: { slug: DEMO_ORG_SLUG },
    update: {},
    create: { slug: DEMO_ORG_SLUG, name: "Demo Org" },
    select: { id: true },
  });
  await prisma.membership.upsert({
    where: { orgId_userId: { orgId: org.id, userId: user.id } },
    update: { role: "owner" },
    create: { orgId: org.id, userId: user.id, role: "owner" },
  });
  const namespace = await prisma.namespace.upsert({
    where: { orgId_slug: { orgId: org.id, slug: DEMO_NAMESPACE_SLUG } },
    update: {},
    create: {
      orgId: org.id,
      slug: DEMO_NAMESPACE_SLUG,
      name: "Default",
      description: "Seeded namespace with the demo MCP server",
    },
    select: { id: true },
  });
  // The checkout may have moved since the last start: always point the server at this one.
  const server = { command: input.runtimePath, args: [input.demoServerPath] };
  await prisma.mcpServer.upsert({
    where: { namespaceId_name: { namespaceId: namespace.id, name: "demo" } },
    update: server,
    create: {
      ...server,
      orgId: org.id,
      namespaceId: namespace.id,
      name: "demo",
      description: "Demo MCP server (echo, add, get_time) over stdio",
      transport: "stdio",
    },
  });
  const apiKey = await ensureDemoKey(prisma, org.id, user.id, input);
  return { email: DEMO_EMAIL, password, orgSlug: DEMO_ORG_SLUG, namespaceSlug: DEMO_NAMESPACE_SLUG, apiKey };
}

async function ensureDemoKey(prisma: PrismaClient, orgId: string, userId: string, input: DemoSeedInput) {
  const previous = input.previous?.apiKey;
  if (previous) {
    const prefix = previous.split("_").slice(0, 2).join("_");
    const row = await prisma.apiKey.findFirst({ where: { orgId, prefix, revokedAt: null }, select: { id: true } });
    if (row) return previous;
  }
  const generated = generateApiKey(input.tokenPepper);
  await prisma.apiKey.create({
    data: {
      orgId,
      createdById: userId,
      name: "Demo key",
      prefix: generated.prefix,
      keyHash: generated.hash,
      scopes: ["mcp:full"],
    },
  });
  return generated.key;
}
