import { defineConfig } from "@playwright/test";

const port = process.env.E2E_PORT ?? "3100";
// The mail run (scripts/e2e.mjs, E2E_MAIL=1): the specs that read e-mail (*.mail.spec.ts) against a server that sends
// to a real SMTP server of the test's own; every other spec runs with e-mail not configured, as it expects.
const mail = process.env.E2E_MAIL === "1";
const smtpPort = process.env.E2E_SMTP_PORT ?? String(Number(port) + 1000);
process.env.E2E_SMTP_PORT = smtpPort;

export default defineConfig({
  testDir: "e2e",
  ...(mail ? { testMatch: "**/*.mail.spec.ts", globalSetup: "./e2e/mail-server.setup.ts" } : { testIgnore: "**/*.mail.spec.ts" }),
  outputDir: "test-results/e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // One server on one embedded database: the journeys run one after another.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    // Builds when the sources changed, applies migrations, seeds the demo, serves the production build.
    command: "node scripts/start.mjs",
    url: `http://127.0.0.1:${port}/login`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { PORT: port, ...(mail ? { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SMTP_FROM: "Concilium <concilium@e2e.test>" } : {}) },
  },
});
