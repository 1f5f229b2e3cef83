// API keys in the browser: create a read-only key scoped to one namespace, see its scope in the list,
// use it with an MCP SDK client through the data plane (tools/list works, tools/call is denied),
// rotate it (the new secret is shown once; the old one stops working), rename it, revoke it.
import { expect, test } from "@playwright/test";
import { connectClient, connectError, createNamespace, readNewSecret, registerDemoServer, signUp } from "./helpers";

test("create a read-only key for one namespace, use it, rotate, rename and revoke it", async ({ page }) => {
  const unique = Date.now().toString(36);
  page.on("dialog", (dialog) => void dialog.accept());

  await signUp(page, { name: "Key Keeper", email: `e2e-keys-${unique}@example.com`, orgName: `Keys Org ${unique}` });
  await createNamespace(page, "Other", "other");
  await createNamespace(page, "Tools", "tools");
  const endpoint = await registerDemoServer(page);
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
  const client = await connectClient(endpoint, firstSecret, "e2e-api-keys");
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
  const rotatedClient = await connectClient(endpoint, rotatedSecret, "e2e-api-keys");
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
