import { describe, expect, it } from "vitest";
import { assignPanels, gridOf, layoutOf, linkedIndex } from "./layouts";
import type { StudyChoice } from "./viewer-types";

const series = (uid: string, modality = "CT") => ({ seriesInstanceUid: uid, modality, description: uid, numberOfInstances: 10 });
const current: StudyChoice = { studyInstanceUid: "st-1", dicomwebBase: "/api/dicomweb", dateLabel: "1 Mar 2026", modality: "CT", description: "", series: [series("a"), series("sr", "SR"), series("b"), series("c")] };
const prior: StudyChoice = { ...current, studyInstanceUid: "st-0", dateLabel: "1 Jan 2026", series: [series("p")] };

describe("layouts", () => {
  it("shows the chosen series alone in 1×1", () => {
    expect(assignPanels(layoutOf("1x1"), { study: current, seriesUid: "b" }).map((p) => [p.role, p.seriesUid, p.label])).toEqual([["current", "b", "Current study 1 Mar 2026"]]);
  });

  it("puts the prior beside the current study, even when 1×1 was chosen", () => {
    for (const id of ["1x1", "1x2"] as const) {
      expect(assignPanels(layoutOf(id), { study: current, seriesUid: "a" }, { study: prior, seriesUid: "p" }).map((p) => p.label)).toEqual([
        "Current study 1 Mar 2026",
        "Prior study 1 Jan 2026",
      ]);
    }
  });

  it("fills 2×2 with the other image series, never a report", () => {
    const panels = assignPanels(layoutOf("2x2"), { study: current, seriesUid: "b" });
    expect(panels.map((p) => p.seriesUid)).toEqual(["b", "a", "c"]);
    expect(new Set(panels.map((p) => p.key)).size).toBe(3);
    expect(new Set(panels.map((p) => p.label)).size).toBe(3);
    expect(gridOf(layoutOf("2x2"), 3)).toEqual({ rows: 2, columns: 2 });
    expect(gridOf(layoutOf("2x2"), 2)).toEqual({ rows: 1, columns: 2 });
    expect(gridOf(layoutOf("1x1"), 1)).toEqual({ rows: 1, columns: 1 });
  });

  it("shows a single image series twice in 1×2, to read it in two windows", () => {
    const single: StudyChoice = { ...current, series: [series("a"), series("sr", "SR")] };
    const panels = assignPanels(layoutOf("1x2"), { study: single, seriesUid: "a" });
    expect(panels.map((p) => [p.seriesUid, p.label])).toEqual([
      ["a", "Current study 1 Mar 2026"],
      ["a", "Current study 1 Mar 2026, panel 2"],
    ]);
    expect(panels[0]!.key).not.toBe(panels[1]!.key);
  });

  it("links scrolling by position along the normal, else by the fraction of the stack", () => {
    expect(linkedIndex({ position: -12, fraction: 0 }, [-20, -15, -10, -5])).toBe(2);
    expect(linkedIndex({ position: 100, fraction: 0 }, [-20, -15, -10, -5])).toBe(3);
    expect(linkedIndex({ position: null, fraction: 0.5 }, [null, null, null, null, null])).toBe(2);
    expect(linkedIndex({ position: 3, fraction: 1 }, [1, null, 2])).toBe(2);
  });
});
