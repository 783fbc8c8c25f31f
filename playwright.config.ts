import { defineConfig } from "@playwright/test";
// @ts-expect-error: plain .mjs shared with the test runner script
import { chromiumArgs, findChromium } from "./scripts/chromium.mjs";

export default defineConfig({
  testDir: "./e2e",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: ".test-results/e2e.json" }]],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    launchOptions: { executablePath: findChromium() ?? undefined, args: chromiumArgs },
    trace: "off",
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
});
