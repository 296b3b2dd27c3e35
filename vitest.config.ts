import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = fileURLToPath(new URL("./src", import.meta.url));
// Image and slide files written by tests go to a scratch folder, never into ./data; global setup removes it.
const scratch = path.join(os.tmpdir(), `concilium-vitest-${process.pid}`);
process.env.CONCILIUM_VITEST_SCRATCH = scratch;

export default defineConfig({
  resolve: { alias: { "@": src } },
  test: {
    server: { deps: { inline: ["next-auth"] } },
    env: { CONCILIUM_DATA_DIR: scratch },
    globalSetup: ["./src/server/testing/vitest-global-setup.ts"],
    // Two cores: two test files at a time, each integration file with its own database.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["src/**/*.test.ts"], exclude: ["src/**/*.int.test.ts"] },
      },
      {
        // Routers through createCaller against a real database: embedded PGlite, or PostgreSQL when DATABASE_URL is set.
        extends: true,
        test: { name: "integration", include: ["src/**/*.int.test.ts"], testTimeout: 60_000, hookTimeout: 120_000 },
      },
    ],
  },
});
