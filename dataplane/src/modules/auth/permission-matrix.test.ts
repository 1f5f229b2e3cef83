// Walks the data plane's part of the one permission matrix (prisma/src/permissions.ts): the rows of
// DATAPLANE_ACTIONS in docs/permissions.md must equal PERMISSIONS, and every role's real access JWT,
// sent to a real gateway, gets exactly the documented answer.
import { beforeAll, describe, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DATAPLANE_ACTIONS, PERMISSIONS, ROLES, type TPermission, type TRole } from "@omnimesh/db/permissions";
import { parseDocumentedMatrix } from "@omnimesh/db/permissions-doc";
import { connectClient, demoStdioServer } from "../../test/fixtures.ts";
import { gatewaySuite } from "../../test/gateway-suite.ts";
import { signTestToken, suiteSigningKey, type TestSigningKey } from "./test-signing-keys.ts";

const suite = gatewaySuite({ servers: [demoStdioServer("demo")], key: false });
let signingKey: TestSigningKey;

beforeAll(async () => {
  signingKey = await suiteSigningKey(suite);
});

type Outcome = "allowed" | "FORBIDDEN" | string;

const tokenFor = (role: TRole) => signTestToken(signingKey, { userId: randomUUID(), orgId: suite.tenant.orgId, role });

async function httpOutcome(path: string, role: TRole): Promise<Outcome> {
  const response = await fetch(`${suite.gateway.url}${path}`, {
    headers: { authorization: `Bearer ${await tokenFor(role)}` },
  });
  if (response.ok) return "allowed";
  if (response.status === 403) return "FORBIDDEN";
  return `${response.status}: ${await response.text()}`;
}

/** One real call per action that needs exactly that action. */
const probes: Record<(typeof DATAPLANE_ACTIONS)[number], (role: TRole) => Promise<Outcome>> = {
  "mcp:call": async (role) => {
    const client = await connectClient(suite.endpoint, await tokenFor(role));
    try {
      // Listing needs only membership: every role sees the tool it may or may not call.
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain("demo__echo");
      await client.callTool({ name: "demo__echo", arguments: { text: role } });
      return "allowed";
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return /forbidden/i.test(message) ? "FORBIDDEN" : message;
    } finally {
      await client.close();
    }
  },
  "gateway:operate": async (role) => {
    const status = await httpOutcome("/mcp/status", role);
    const bridge = await httpOutcome("/stdio/process", role);
    return status === bridge ? status : `operator endpoints disagree: /mcp/status ${status}, /stdio/process ${bridge}`;
  },
};

describe("data-plane permission matrix", () => {
  test("docs/permissions.md documents the data plane's actions exactly as PERMISSIONS", () => {
    const documented = parseDocumentedMatrix(
      readFileSync(join(import.meta.dir, "../../../../docs/permissions.md"), "utf8"),
    );
    for (const action of DATAPLANE_ACTIONS) expect(documented[action]).toEqual([...PERMISSIONS[action]]);
  });

  for (const action of DATAPLANE_ACTIONS) {
    for (const role of ROLES) {
      test(`${action}: ${role} gets the documented answer`, async () => {
        const expected = (PERMISSIONS[action as TPermission] as readonly TRole[]).includes(role)
          ? "allowed"
          : "FORBIDDEN";
        expect(await probes[action](role)).toBe(expected);
      });
    }
  }
});
