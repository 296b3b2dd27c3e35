// `npm start`: prepare the database (migrations, first-run demo seed), build when the sources changed, serve.
//   --dev       next dev instead of a production build
//   --no-build  serve the existing build (used by the e2e tests, which build once)
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const args = new Set(process.argv.slice(2));
const dev = args.has("--dev");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? "true" };
const port = env.PORT ?? "3000";

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync("src/generated/prisma/client.ts")) run("node", ["scripts/prisma-generate.mjs"]);

// Sessions are signed with AUTH_SECRET. Production sets it; the embedded demo keeps one of its own under ./data.
if (!env.AUTH_SECRET) {
  if (env.DATABASE_URL) {
    console.error("Concilium cannot start: AUTH_SECRET is not set (generate one with `openssl rand -base64 32`).");
    process.exit(1);
  }
  const dataDir = path.resolve(env.CONCILIUM_DATA_DIR ?? "data");
  const secretFile = path.join(dataDir, "auth-secret");
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString("base64"), { mode: 0o600 });
  env.AUTH_SECRET = readFileSync(secretFile, "utf8").trim();
}

run("node_modules/.bin/tsx", ["scripts/prepare-database.ts"]);

function newestSourceChange() {
  let newest = 0;
  const visit = (p) => {
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of ["src", "public", "next.config.js", "package.json", "postcss.config.mjs"]) if (existsSync(p)) visit(p);
  return newest;
}

if (!dev && !args.has("--no-build")) {
  const buildId = ".next/BUILD_ID";
  if (!existsSync(buildId) || statSync(buildId).mtimeMs < newestSourceChange()) run("node_modules/.bin/next", ["build"]);
}

// Next's handler with the fast path for tiles and frames in front (scripts/serve.mjs).
const server = spawn("node", ["scripts/serve.mjs", ...(dev ? ["--dev"] : []), "-p", port], { stdio: "inherit", env: { ...env, NODE_ENV: dev ? "development" : "production" } });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
