import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", "src/generated/", "data/", "test-results/", "playwright-report/", "next-env.d.ts"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      // Patient data must not reach the console: only the start-up scripts, benchmarks and tests print.
      "no-console": ["error", { allow: ["error"] }],
    },
  },
  {
    // The layers of DESIGN.md: the domain is pure, and the UI never reaches into the services.
    files: ["src/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/server/*", "@/app/*", "@/components/*", "@/integrations/*", "node:*", "@/generated/*"], message: "src/domain is pure TypeScript without I/O." }] }],
    },
  },
  {
    files: ["src/components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/server/services/*", "@/server/db", "@/server/database/*"], message: "Components call tRPC, not services." }] }],
    },
  },
  {
    files: ["scripts/**", "bench/**", "e2e/**", "prisma/**", "**/*.test.ts", "src/server/testing/**"],
    rules: { "no-console": "off" },
  },
);
