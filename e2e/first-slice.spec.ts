// The first end-to-end slice: a new user signs up, creates a namespace, registers the demo stdio
// server and creates an API key in the browser; an MCP SDK client then calls a tool through the
// data plane with that key, and the call shows on the logs page.
import { expect, test } from "@playwright/test";
import { connectClient, createApiKey, createNamespace, registerDemoServer, signUp } from "./helpers";

test("sign up, register a server, create a key, call a tool through the gateway, see it in the logs", async ({
  page,
}) => {
  const unique = Date.now().toString(36);
  const orgName = `E2E Org ${unique}`;

  await signUp(page, { name: "E2E User", email: `e2e-${unique}@example.com`, orgName });
  await createNamespace(page, "Tools", "tools");
  const endpoint = await registerDemoServer(page, { env: "DEMO_GREETING=hello" });
  expect(endpoint).toMatch(/\/ns\/[a-z0-9-]+\/tools\/mcp$/);

  // The secret is shown once: after closing, only the prefix remains on the page (createApiKey checks).
  const apiKey = await createApiKey(page, "e2e key");
  await expect(page.getByRole("cell", { name: "e2e key", exact: true })).toBeVisible();

  const client = await connectClient(endpoint, apiKey);
  const tools = await client.listTools();
  expect(tools.tools.map((tool) => tool.name)).toContain("demo__echo");
  const result = await client.callTool({ name: "demo__echo", arguments: { text: "hello from e2e" } });
  expect(result.content).toEqual([{ type: "text", text: "hello from e2e" }]);
  await client.close();

  await page.goto("/logs");
  const logs = page.getByRole("table", { name: "Request logs" });
  await expect(logs.getByRole("row").filter({ hasText: "tools/call" }).filter({ hasText: "echo" })).toHaveCount(1, {
    timeout: 20_000,
  });
});
