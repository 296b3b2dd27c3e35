import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = fileURLToPath(new URL("./src", import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": src } },
  test: {
    server: { deps: { inline: ["next-auth"] } },
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
