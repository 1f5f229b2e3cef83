// API keys in the browser: create a read-only key scoped to one namespace, see its scope in the list,
// use it with an MCP SDK client through the data plane (tools/list works, tools/call is denied),
// rotate it (the new secret is shown once; the old one stops working), rename it, revoke it.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, type Page, test } from "@playwright/test";

const repoRoot = join(import.meta.dirname, "..");
const bunPath = execFileSync("bun", ["-e", "console.log(process.execPath)"], { encoding: "utf8" }).trim();
const demoServer = join(repoRoot, "dataplane", "src", "demo", "demo-server.ts");

async function connect(endpoint: string, apiKey: string): Promise<Client> {
  const client = new Client({ name: "e2e-api-keys", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(endpoint), {
      requestInit: { headers: { Authorization: `Bearer ${apiKey}` } },
    }),
  );
  return client;
}

/** The error a fresh connection with this key fails with (null when it connects). */
async function connectError(endpoint: string, apiKey: string): Promise<string | null> {
  return connect(endpoint, apiKey).then(
    async (client) => {
      await client.close();
      return null;
    },
    (error: Error) => error.message,
  );
}

async function readNewSecret(page: Page): Promise<string> {
  const secret = await page.getByLabel("New API key").inputValue();
  expect(secret).toMatch(/^omk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText(secret)).toHaveCount(0);
  return secret;
}

test("create a read-only key for one namespace, use it, rotate, rename and revoke it", async ({ page }) => {
  const unique = Date.now().toString(36);
  page.on("dialog", (dialog) => void dialog.accept());

  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Key Keeper");
  await page.getByLabel("Email").fill(`e2e-keys-${unique}@example.com`);
  await page.getByLabel("Password").fill("correct horse battery staple");
  await page.getByLabel("Organization name").fill(`Keys Org ${unique}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard/);

  for (const [name, slug] of [
    ["Other", "other"],
    ["Tools", "tools"],
  ]) {
    await page.goto("/namespaces");
    await page.getByLabel("Namespace name").fill(name!);
    await page.getByLabel("Slug").fill(slug!);
    await page.getByRole("button", { name: "Create namespace" }).click();
    await expect(page).toHaveURL(new RegExp(`/namespaces/${slug}$`));
  }
  await page.getByLabel("Server name").fill("demo");
  await page.getByLabel("Transport").selectOption("stdio");
  await page.getByLabel("Command").fill(bunPath);
  await page.getByLabel("Arguments").fill(demoServer);
  await page.getByRole("button", { name: "Register server" }).click();
  await expect(page.getByText("Server “demo” registered.")).toBeVisible();
  const endpoint = (await page.getByTestId("endpoint-url").textContent())?.trim() ?? "";
  const otherEndpoint = endpoint.replace(/\/tools\/mcp$/, "/other/mcp");

  // Create: read-only, scoped to "Tools" only.
  await page.goto("/api-keys");
  await page.getByLabel("Key name").fill("reader");
  await page.getByLabel("Access").selectOption("mcp:read");
  await page.getByRole("checkbox", { name: "Tools" }).check();
  await page.getByRole("button", { name: "Create API key" }).click();
  const firstSecret = await readNewSecret(page);
  const row = page.getByTestId(`api-key-${firstSecret.slice(0, 12)}`);
  await expect(row).toContainText("reader");
  await expect(row).toContainText("Read-only");
  await expect(row).toContainText("Tools");
  await expect(row).not.toContainText("Other");
  await expect(row).toContainText("Active");
  await expect(row).toContainText("Never"); // not used yet, no expiry

  // Use: tools/list works, tools/call is denied, the other namespace is out of reach.
  const client = await connect(endpoint, firstSecret);
  expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("demo__echo");
  const denied = await client.callTool({ name: "demo__echo", arguments: { text: "nope" } }).then(
    () => "called",
    (error: Error) => error.message,
  );
  expect(denied).toContain('API key scope "mcp:read" may list and read but not use tools/call');
  await client.close();
  // The SDK puts the JSON-RPC body (quotes escaped) into its error message.
  expect(await connectError(otherEndpoint, firstSecret)).toMatch(/Namespace \\?".+\/other\\?" not found/);

  // Rotate: a new secret, shown once, with the same settings; the old secret stops working.
  await row.getByRole("button", { name: "Rotate reader" }).click();
  await expect(page.getByText("New secret for “reader”")).toBeVisible();
  const rotatedSecret = await readNewSecret(page);
  expect(rotatedSecret).not.toBe(firstSecret);
  const rotatedRow = page.getByTestId(`api-key-${rotatedSecret.slice(0, 12)}`);
  await expect(rotatedRow).toContainText("Read-only");
  await expect(rotatedRow).toContainText("Tools");
  await expect(page.getByTestId(`api-key-${firstSecret.slice(0, 12)}`)).toHaveCount(0);
  await expect.poll(() => connectError(endpoint, firstSecret), { timeout: 10_000 }).toContain("Invalid API key");
  const rotatedClient = await connect(endpoint, rotatedSecret);
  expect((await rotatedClient.listTools()).tools.map((tool) => tool.name)).toContain("demo__echo");
  await rotatedClient.close();

  // Rename.
  await rotatedRow.getByRole("button", { name: "Rename reader" }).click();
  await rotatedRow.getByLabel("New name for reader").fill("reader-ci");
  await rotatedRow.getByRole("button", { name: "Save" }).click();
  await expect(rotatedRow).toContainText("reader-ci");

  // Revoke (confirmed): the key fails on its next request.
  await rotatedRow.getByRole("button", { name: "Revoke reader-ci" }).click();
  await expect(rotatedRow).toContainText("Revoked");
  await expect(rotatedRow.getByRole("button", { name: /Rotate|Revoke/ })).toHaveCount(0);
  await expect
    .poll(() => connectError(endpoint, rotatedSecret), { timeout: 10_000 })
    .toContain("API key has been revoked");
});
