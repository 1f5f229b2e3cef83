// Policies end to end: an owner registers the demo server, then denies its `echo` tool in the browser. An
// MCP SDK client through the data plane no longer sees it in tools/list and gets a 403-style JSON-RPC error
// calling it; disabling the policy in the browser makes the same call work again.
import { expect, test } from "@playwright/test";
import { connectClient, createApiKey, createNamespace, registerDemoServer, signUp } from "./helpers";

/** One fresh SDK session per probe, so each sees the data plane's current rules. */
async function probe(endpoint: string, apiKey: string): Promise<{ listed: boolean; call: string }> {
  const client = await connectClient(endpoint, apiKey, "e2e-policies");
  try {
    const { tools } = await client.listTools();
    const call = await client.callTool({ name: "demo__echo", arguments: { text: "hello" } }).then(
      (result) => JSON.stringify(result.content),
      (error: unknown) => String(error),
    );
    return { listed: tools.some((tool) => tool.name === "demo__echo"), call };
  } finally {
    await client.close();
  }
}

test("deny the demo server's echo tool in the UI, see the gateway enforce it, disable it again", async ({ page }) => {
  const unique = Date.now().toString(36);
  await signUp(page, {
    name: "Policy Admin",
    email: `e2e-policies-${unique}@example.com`,
    orgName: `Policy Org ${unique}`,
  });
  await createNamespace(page, "Tools", "tools");
  const endpoint = await registerDemoServer(page);
  expect(endpoint).toMatch(/\/ns\/[a-z0-9-]+\/tools\/mcp$/);
  const apiKey = await createApiKey(page, "policy key");

  const before = await probe(endpoint, apiKey);
  expect(before.listed).toBe(true);
  expect(before.call).toContain("hello");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Policies" }).click();
  await expect(page).toHaveURL(/\/policies$/);
  await expect(page.getByText("No policies yet: every call is allowed.")).toBeVisible();
  const form = page.getByRole("form", { name: "New policy" });
  await form.getByLabel("Name", { exact: true }).fill("no echo");
  await form.getByLabel("Effect").selectOption("deny");
  await form.getByLabel("Namespace").selectOption({ label: "Tools" });
  await form.getByRole("checkbox", { name: "tools/call" }).check();
  await form.getByLabel("Tools", { exact: true }).fill("demo__echo");
  await form.getByRole("button", { name: "Create policy" }).click();

  const card = page.getByTestId("policy").filter({ hasText: "no echo" });
  await expect(card).toBeVisible();
  await expect(card.getByText("namespace Tools")).toBeVisible();
  await expect(card.getByText("demo__echo")).toBeVisible();
  await expect(card.getByTestId("policy-state")).toHaveText("enabled");

  // The data plane drops its cached rules on the change notification.
  await expect
    .poll(() => probe(endpoint, apiKey), { timeout: 15_000 })
    .toEqual({
      listed: false,
      call: expect.stringContaining('Forbidden (403): tools/call demo__echo denied by policy "no echo"'),
    });

  await card.getByRole("button", { name: "Disable no echo" }).click();
  await expect(card.getByTestId("policy-state")).toHaveText("disabled");
  await expect
    .poll(() => probe(endpoint, apiKey), { timeout: 15_000 })
    .toEqual({
      listed: true,
      call: expect.stringContaining("hello"),
    });

  page.once("dialog", (dialog) => void dialog.accept());
  await card.getByRole("button", { name: "Delete no echo" }).click();
  await expect(page.getByText("No policies yet: every call is allowed.")).toBeVisible();
});
