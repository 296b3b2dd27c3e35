import { rm } from "node:fs/promises";

/** Removes the tests' scratch data folder (see vitest.config.ts) after the run. */
export default function setup() {
  return async () => {
    const dir = process.env.CONCILIUM_VITEST_SCRATCH;
    if (dir) await rm(dir, { recursive: true, force: true });
  };
}
