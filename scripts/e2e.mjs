// `npm run test:e2e`: Playwright against the production build, in Debian's Chromium, on a database of its own:
// a fresh embedded PGlite under data/e2e, or, when DATABASE_URL is set, a fresh database `concilium_e2e` on that
// PostgreSQL server (created here, dropped and created again on the next run; no other database is touched).
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(
    `The end-to-end tests need Chromium, and there is none at ${chromium}.\n` +
      "Install Debian's build with `apt-get install -y chromium`, or point CHROMIUM_PATH at a Chromium binary.",
  );
  process.exit(1);
}

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHROMIUM_PATH: chromium };
env.AUTH_SECRET ??= "e2e-only-secret-not-for-production-use-0123456789";
env.E2E_PORT ??= "3100";

if (process.env.DATABASE_URL) {
  const server = new URL(process.env.DATABASE_URL);
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS concilium_e2e WITH (FORCE)");
  await admin.query("CREATE DATABASE concilium_e2e");
  await admin.end();
  server.pathname = "/concilium_e2e";
  env.DATABASE_URL = server.toString();
} else {
  env.CONCILIUM_DATA_DIR = path.resolve("data/e2e");
  rmSync(env.CONCILIUM_DATA_DIR, { recursive: true, force: true });
}

const run = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit", env }).status ?? 1;
// Two runs on the same database: the specs that expect e-mail not to be configured, then those that read e-mail from a
// real SMTP server (*.mail.spec.ts, see playwright.config.ts). A run with no spec of its kind passes.
// Spec files named on the command line decide which runs are needed (each run builds and starts the server).
const given = process.argv.slice(2).filter((a) => /\.spec\.ts$/.test(a));
const isMail = (file) => file.endsWith(".mail.spec.ts");
const args = ["test", "--pass-with-no-tests", ...process.argv.slice(2)];
const plain = given.length > 0 && given.every(isMail) ? 0 : run("node_modules/.bin/playwright", args);
env.E2E_MAIL = "1";
const mail = given.length > 0 && !given.some(isMail) ? 0 : run("node_modules/.bin/playwright", args);
process.exit(plain || mail);
