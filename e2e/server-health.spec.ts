// Discovery end to end: an owner registers the demo stdio server in the browser; the data plane's
// background sweep (DISCOVERY_INTERVAL_MS is short in the e2e stack) starts it, checks it and writes
// its health and tools; the namespace page shows it healthy, the server page lists the discovered
// `echo` tool with its input schema, and the edit form changes the description without touching
// anything else.
import { expect, test } from "@playwright/test";
import { bunPath, createNamespace, demoServer, registerDemoServer, signUp } from "./helpers";

test("a registered server turns healthy, shows its tools, and can be edited", async ({ page }) => {
  const unique = Date.now().toString(36);
  await signUp(page, {
    name: "Health Admin",
    email: `e2e-health-${unique}@example.com`,
    orgName: `Health Org ${unique}`,
  });
  await createNamespace(page, "Tools", "tools");
  await registerDemoServer(page);

  const row = page.getByTestId("server-demo");
  // Registered as "unknown"; the sweep runs every 2 s and the list refreshes every 5 s.
  await expect(row.getByTestId("health-badge")).toHaveText("healthy", { timeout: 30_000 });
  await expect(row.getByText(/checked \d+ s ago/)).toBeVisible();

  await row.getByRole("link", { name: "Details of demo" }).click();
  await expect(page).toHaveURL(/\/namespaces\/tools\/servers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "demo", level: 1 })).toBeVisible();
  await expect(page.getByTestId("health-badge")).toHaveText("healthy");
  await expect(page.getByLabel("Server info")).toContainText("omnimesh-demo 1.0.0");
  const tools = page.getByRole("list", { name: "Tools" });
  const echo = tools.getByRole("listitem").filter({ hasText: "echo" });
  await expect(echo).toContainText("Returns the text it is given");
  await echo.getByText("Input schema").click();
  await expect(echo.locator("pre")).toContainText('"text"');
  await expect(page.getByRole("list", { name: "Resources" })).toContainText("demo://info");

  const form = page.getByRole("form", { name: "Edit server" });
  await expect(form.getByLabel("Command")).toHaveValue(bunPath);
  await form.getByLabel("Description").fill("Echo and friends");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByText("Echo and friends").first()).toBeVisible();
  await expect(form.getByLabel("Description")).toHaveValue("Echo and friends");
  await expect(form.getByLabel("Arguments")).toHaveValue(demoServer);

  await page.getByRole("link", { name: "← Back to the namespace" }).click();
  await expect(page.getByTestId("server-demo")).toContainText("Echo and friends");
});
