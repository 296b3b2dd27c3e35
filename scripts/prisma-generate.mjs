// Generates the Prisma client after `npm install`. Prisma's CLI insists on a schema-engine binary even for
// `generate`, and downloads one when it is missing; offline we point it at the wasm stand-in in ../shared/tools.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
const standIn = path.resolve("../shared/tools/prisma-schema-engine-wasm.mjs");
if (!env.PRISMA_SCHEMA_ENGINE_BINARY && existsSync(standIn)) env.PRISMA_SCHEMA_ENGINE_BINARY = standIn;

const result = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
