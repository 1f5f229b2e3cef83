import { defineConfig } from "@playwright/test";

const webPort = Number(process.env.E2E_WEB_PORT ?? 3100);
const dataplanePort = Number(process.env.E2E_DATAPLANE_PORT ?? 4100);
process.env.E2E_WEB_URL ??= `http://localhost:${webPort}`;
process.env.E2E_DATAPLANE_URL ??= `http://localhost:${dataplanePort}`;

export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: process.env.E2E_WEB_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    // Debian's Chromium; Playwright never downloads a browser here.
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "bun scripts/e2e-stack.ts",
    url: `http://localhost:${webPort}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 420_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
