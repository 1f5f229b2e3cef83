// Steps several specs take the same way: sign up, create a namespace, register the demo stdio server,
// create an API key in the browser, and connect an MCP SDK client through the data plane with it.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, type Page } from "@playwright/test";

export const PASSWORD = "correct horse battery staple";

const repoRoot = join(import.meta.dirname, "..");
/** The bun binary the demo server runs under (the absolute path the registration form needs). */
export const bunPath = execFileSync("bun", ["-e", "console.log(process.execPath)"], { encoding: "utf8" }).trim();
export const demoServer = join(repoRoot, "dataplane", "src", "demo", "demo-server.ts");

/** Signs up a new user with a new org and waits for the dashboard of that org. */
export async function signUp(page: Page, user: { name: string; email: string; orgName: string }): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Organization name").fill(user.orgName);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
  await expect(page.getByTestId("org-name")).toHaveText(user.orgName);
}

/** Creates a namespace and waits for its page. */
export async function createNamespace(page: Page, name: string, slug: string): Promise<void> {
  await page.goto("/namespaces");
  await page.getByLabel("Namespace name").fill(name);
  await page.getByLabel("Slug").fill(slug);
  await page.getByRole("button", { name: "Create namespace" }).click();
  await expect(page).toHaveURL(new RegExp(`/namespaces/${slug}$`));
}

/**
 * Registers the demo stdio server as "demo" on the namespace page the browser is on and returns the
 * namespace's MCP endpoint URL.
 */
export async function registerDemoServer(page: Page, options: { env?: string } = {}): Promise<string> {
  await page.getByLabel("Server name").fill("demo");
  await page.getByLabel("Transport").selectOption("stdio");
  await page.getByLabel("Command").fill(bunPath);
  await page.getByLabel("Arguments").fill(demoServer);
  if (options.env) await page.getByLabel("Environment variables").fill(options.env);
  await page.getByRole("button", { name: "Register server" }).click();
  await expect(page.getByText("Server “demo” registered.")).toBeVisible();
  return (await page.getByTestId("endpoint-url").textContent())?.trim() ?? "";
}

/** Reads the once-shown secret of a just created or rotated key, closes it and checks it is gone. */
export async function readNewSecret(page: Page): Promise<string> {
  const secret = await page.getByLabel("New API key").inputValue();
  expect(secret).toMatch(/^omk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText(secret)).toHaveCount(0);
  return secret;
}

/** Creates an API key with the default settings (full access, every namespace) and returns its secret. */
export async function createApiKey(page: Page, name: string): Promise<string> {
  await page.goto("/api-keys");
  await page.getByLabel("Key name").fill(name);
  await page.getByRole("button", { name: "Create API key" }).click();
  return readNewSecret(page);
}

/** An MCP SDK client connected to a data-plane endpoint with an API key. */
export async function connectClient(endpoint: string, apiKey: string, name = "e2e-client"): Promise<Client> {
  const client = new Client({ name, version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(endpoint), {
      requestInit: { headers: { Authorization: `Bearer ${apiKey}` } },
    }),
  );
  return client;
}

/** The error a fresh connection with this key fails with (null when it connects). */
export async function connectError(endpoint: string, apiKey: string): Promise<string | null> {
  return connectClient(endpoint, apiKey).then(
    async (client) => {
      await client.close();
      return null;
    },
    (error: Error) => error.message,
  );
}
