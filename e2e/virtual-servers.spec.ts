// Virtual servers end to end: an owner registers the demo server, composes a virtual server with one
// renamed and re-described tool in the browser, and an MCP SDK client on /virtual/{id}/mcp sees and
// calls exactly that tool. Deleting it in the browser (after confirming) closes the endpoint.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, test } from "@playwright/test";

const repoRoot = join(import.meta.dirname, "..");
const bunPath = execFileSync("bun", ["-e", "console.log(process.execPath)"], { encoding: "utf8" }).trim();
const demoServer = join(repoRoot, "dataplane", "src", "demo", "demo-server.ts");

async function connect(endpoint: string, apiKey: string): Promise<Client> {
  const client = new Client({ name: "e2e-virtual", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(endpoint), {
      requestInit: { headers: { Authorization: `Bearer ${apiKey}` } },
    }),
  );
  return client;
}

test("compose a virtual server with one renamed tool, call it through /virtual/{id}/mcp, delete it", async ({
  page,
}) => {
  const unique = Date.now().toString(36);
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Virtual Admin");
  await page.getByLabel("Email").fill(`e2e-virtual-${unique}@example.com`);
  await page.getByLabel("Password").fill("correct horse battery staple");
  await page.getByLabel("Organization name").fill(`Virtual Org ${unique}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard/);

  await page.goto("/namespaces");
  await page.getByLabel("Namespace name").fill("Tools");
  await page.getByLabel("Slug").fill("tools");
  await page.getByRole("button", { name: "Create namespace" }).click();
  await expect(page).toHaveURL(/\/namespaces\/tools$/);
  await page.getByLabel("Server name").fill("demo");
  await page.getByLabel("Transport").selectOption("stdio");
  await page.getByLabel("Command").fill(bunPath);
  await page.getByLabel("Arguments").fill(demoServer);
  await page.getByRole("button", { name: "Register server" }).click();
  await expect(page.getByText("Server “demo” registered.")).toBeVisible();

  await page.getByRole("link", { name: "Virtual servers" }).click();
  await expect(page).toHaveURL(/\/namespaces\/tools\/virtual-servers$/);
  await expect(page.getByText("No virtual servers in this namespace yet.")).toBeVisible();
  const form = page.getByRole("form", { name: "New virtual server" });
  await form.getByLabel("Name", { exact: true }).fill("calc");
  await form.getByLabel("Description", { exact: true }).fill("Arithmetic only");
  await form.getByRole("button", { name: "Add entry" }).click();
  await form.getByLabel("Server").selectOption({ label: "demo" });
  await form.getByLabel("Kind").selectOption("tool");
  await form.getByLabel("Source name").fill("add");
  await form.getByLabel("Exposed name (optional)").fill("plus");
  await form.getByLabel("Description (optional, replaces the upstream's)").fill("Adds a and b");
  await form.getByRole("button", { name: "Create virtual server" }).click();

  const card = page.getByTestId("virtual-server").filter({ hasText: "calc" });
  await expect(card).toBeVisible();
  await expect(card.getByRole("cell", { name: "plus", exact: true })).toBeVisible();
  await expect(card.getByRole("cell", { name: "demo · add" })).toBeVisible();
  const endpoint = (await card.getByTestId("virtual-endpoint-url").textContent())?.trim() ?? "";
  expect(endpoint).toMatch(/\/virtual\/[0-9a-f-]{36}\/mcp$/);

  await page.goto("/api-keys");
  await page.getByLabel("Key name").fill("virtual key");
  await page.getByRole("button", { name: "Create API key" }).click();
  const apiKey = await page.getByLabel("New API key").inputValue();
  await page.getByRole("button", { name: "Done" }).click();

  const client = await connect(endpoint, apiKey);
  const { tools } = await client.listTools();
  expect(tools.map((tool) => [tool.name, tool.description])).toEqual([["plus", "Adds a and b"]]);
  expect((await client.callTool({ name: "plus", arguments: { a: 20, b: 22 } })).structuredContent).toEqual({
    sum: 42,
  });
  await client.close();

  await page.goto("/namespaces/tools/virtual-servers");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete calc" }).click();
  await expect(page.getByText("No virtual servers in this namespace yet.")).toBeVisible();
  // The data plane drops its cached route on the change notification: new clients get a 404.
  await expect
    .poll(async () =>
      connect(endpoint, apiKey).then(
        async (c) => {
          await c.close();
          return "connected";
        },
        (error: unknown) => String(error),
      ),
    )
    .toContain("not found");
});
