import { describe, expect, it } from "vitest";
import { checkStaging, stagingSiteOf } from "./tnm";

describe("stagingSiteOf", () => {
  it("maps ICD-O-3 topography to a staging site", () => {
    expect(stagingSiteOf("C34.1")).toBe("lung");
    expect(stagingSiteOf("c50.4")).toBe("breast");
    expect(stagingSiteOf("C18.7")).toBe("colorectal");
    expect(stagingSiteOf("C20.9")).toBe("colorectal");
    expect(stagingSiteOf("C61.9")).toBeNull();
  });
});

describe("checkStaging", () => {
  const none = { prefix: null, t: null, n: null, m: null, stageGroup: null };

  it("accepts no staging at all", () => {
    expect(checkStaging("lung", none)).toEqual([]);
  });

  it("accepts a consistent lung staging", () => {
    expect(checkStaging("lung", { prefix: "c", t: "T2a", n: "N2", m: "M0", stageGroup: "IIIA" })).toEqual([]);
  });

  it("asks for the prefix", () => {
    expect(checkStaging("lung", { ...none, t: "T1a" }).map((p) => p.field)).toEqual(["prefix"]);
  });

  it("refuses categories that the site does not have", () => {
    const problems = checkStaging("colorectal", { prefix: "p", t: "T1mi", n: "N3", m: "M0", stageGroup: "IA1" });
    expect(problems.map((p) => p.field)).toEqual(["t", "n", "stageGroup"]);
    expect(problems[0]?.message).toContain("T1mi is not a T category");
  });

  it("refuses metastatic disease outside stage IV and stage IV without metastasis", () => {
    expect(checkStaging("breast", { prefix: "c", t: "T2", n: "N1", m: "M1", stageGroup: "IIB" })[0]?.message).toContain("must be IV");
    expect(checkStaging("lung", { prefix: "c", t: "T2a", n: "N0", m: "M0", stageGroup: "IVA" })[0]?.message).toContain("needs distant metastasis");
  });
});
