// Virtual servers end to end: an owner registers the demo server, composes a virtual server with one
// renamed and re-described tool in the browser, and an MCP SDK client on /virtual/{id}/mcp sees and
// calls exactly that tool. Deleting it in the browser (after confirming) closes the endpoint.
import { expect, test } from "@playwright/test";
import { connectClient, connectError, createApiKey, createNamespace, registerDemoServer, signUp } from "./helpers";

test("compose a virtual server with one renamed tool, call it through /virtual/{id}/mcp, delete it", async ({
  page,
}) => {
  const unique = Date.now().toString(36);
  await signUp(page, {
    name: "Virtual Admin",
    email: `e2e-virtual-${unique}@example.com`,
    orgName: `Virtual Org ${unique}`,
  });
  await createNamespace(page, "Tools", "tools");
  await registerDemoServer(page);

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

  const apiKey = await createApiKey(page, "virtual key");

  const client = await connectClient(endpoint, apiKey, "e2e-virtual");
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
  await expect.poll(() => connectError(endpoint, apiKey)).toContain("not found");
});
