import { defineConfig } from "@playwright/test";

const port = process.env.E2E_PORT ?? "3100";
// The mail run (scripts/e2e.mjs, E2E_MAIL=1): the specs that read e-mail (*.mail.spec.ts) against a server that sends
// to a real SMTP server of the test's own; every other spec runs with e-mail not configured, as it expects.
const mail = process.env.E2E_MAIL === "1";
const smtpPort = process.env.E2E_SMTP_PORT ?? String(Number(port) + 1000);
process.env.E2E_SMTP_PORT = smtpPort;
// Another hospital's PACS for the remote-images journey: a real Orthanc (scripts/e2e-remote-node.ts).
const remoteNodePort = String(Number(port) + 5);
const remoteNodeReadyPort = String(Number(port) + 6);
const remoteNode = { username: "concilium", password: "e2e-remote-secret" };

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
  webServer: [
    {
      command: "node_modules/.bin/tsx scripts/e2e-remote-node.ts",
      url: `http://127.0.0.1:${remoteNodeReadyPort}/`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: { REMOTE_NODE_PORT: remoteNodePort, REMOTE_NODE_READY_PORT: remoteNodeReadyPort, REMOTE_NODE_USERNAME: remoteNode.username, REMOTE_NODE_PASSWORD: remoteNode.password },
    },
    {
      // Builds when the sources changed, applies migrations, seeds the demo, serves the production build.
      command: "node scripts/start.mjs",
      url: `http://127.0.0.1:${port}/login`,
      timeout: 600_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        PORT: port,
        CONCILIUM_REMOTE_NODES: "st-elsewhere",
        CONCILIUM_REMOTE_ST_ELSEWHERE_URL: `http://127.0.0.1:${remoteNodePort}/dicom-web`,
        CONCILIUM_REMOTE_ST_ELSEWHERE_NAME: "St Elsewhere",
        CONCILIUM_REMOTE_ST_ELSEWHERE_USERNAME: remoteNode.username,
        CONCILIUM_REMOTE_ST_ELSEWHERE_PASSWORD: remoteNode.password,
        ...(mail ? { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SMTP_FROM: "Concilium <concilium@e2e.test>" } : {}),
      },
    },
  ],
});
