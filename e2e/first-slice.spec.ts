// The first end-to-end slice: a new user signs up, creates a namespace, registers the demo stdio
// server and creates an API key in the browser; an MCP SDK client then calls a tool through the
// data plane with that key, and the call shows on the logs page.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, test } from "@playwright/test";

const repoRoot = join(import.meta.dirname, "..");
const bunPath = execFileSync("bun", ["-e", "console.log(process.execPath)"], { encoding: "utf8" }).trim();
const demoServer = join(repoRoot, "dataplane", "src", "demo", "demo-server.ts");

test("sign up, register a server, create a key, call a tool through the gateway, see it in the logs", async ({
  page,
}) => {
  const unique = Date.now().toString(36);
  const orgName = `E2E Org ${unique}`;

  await page.goto("/signup");
  await page.getByLabel("Your name").fill("E2E User");
  await page.getByLabel("Email").fill(`e2e-${unique}@example.com`);
  await page.getByLabel("Password").fill("correct horse battery staple");
  await page.getByLabel("Organization name").fill(orgName);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
  await expect(page.getByTestId("org-name")).toHaveText(orgName);

  await page.goto("/namespaces");
  await page.getByLabel("Namespace name").fill("Tools");
  await page.getByLabel("Slug").fill("tools");
  await page.getByRole("button", { name: "Create namespace" }).click();
  await expect(page).toHaveURL(/\/namespaces\/tools$/);

  await page.getByLabel("Server name").fill("demo");
  await page.getByLabel("Transport").selectOption("stdio");
  await page.getByLabel("Command").fill(bunPath);
  await page.getByLabel("Arguments").fill(demoServer);
  await page.getByLabel("Environment variables").fill("DEMO_GREETING=hello");
  await page.getByRole("button", { name: "Register server" }).click();
  await expect(page.getByText("Server “demo” registered.")).toBeVisible();
  const endpoint = (await page.getByTestId("endpoint-url").textContent())?.trim() ?? "";
  expect(endpoint).toMatch(/\/ns\/[a-z0-9-]+\/tools\/mcp$/);

  await page.goto("/api-keys");
  await page.getByLabel("Key name").fill("e2e key");
  await page.getByRole("button", { name: "Create API key" }).click();
  const apiKey = await page.getByLabel("New API key").inputValue();
  expect(apiKey).toMatch(/^omk_[0-9a-f]{8}_/);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("cell", { name: "e2e key", exact: true })).toBeVisible();
  // The secret is shown once: after closing, only the prefix remains on the page.
  await expect(page.getByText(apiKey)).toHaveCount(0);

  const client = new Client({ name: "e2e-client", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(endpoint), {
      requestInit: { headers: { Authorization: `Bearer ${apiKey}` } },
    }),
  );
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
