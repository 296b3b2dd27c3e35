import { utilities } from "@cornerstonejs/core";
import { describe, expect, it } from "vitest";
import { voiRangeOf, WINDOW_PRESETS, windowOf } from "./window-presets";

describe("windows and the values they span", () => {
  it("a CT header's window (W 1600 / L -600, as the LIDC CT's) reads back as itself, not as width 1599", () => {
    // What Cornerstone sets from the header: DICOM's linear function.
    const fromHeader = utilities.windowLevel.toLowHighRange(1600, -600);
    expect(fromHeader).toEqual({ lower: -1400, upper: 199 });
    expect(windowOf(fromHeader)).toEqual({ windowCenter: -600, windowWidth: 1600 });
  });

  it("every preset spans what Cornerstone's own function gives, and reads back as the preset", () => {
    for (const preset of WINDOW_PRESETS) {
      expect(voiRangeOf(preset)).toEqual(utilities.windowLevel.toLowHighRange(preset.width, preset.level));
      expect(windowOf(voiRangeOf(preset))).toEqual({ windowCenter: preset.level, windowWidth: preset.width });
    }
  });

  it("a window dragged to any range reads back as Cornerstone reads it, to 0.1", () => {
    const dragged = { lower: -987.25, upper: 312.5 };
    const cornerstone = utilities.windowLevel.toWindowLevel(dragged.lower, dragged.upper);
    expect(windowOf(dragged)).toEqual({ windowCenter: Math.round(cornerstone.windowCenter * 10) / 10, windowWidth: Math.round(cornerstone.windowWidth * 10) / 10 });
    // A follower given that window draws the same range (within the rounding).
    const followed = voiRangeOf({ width: windowOf(dragged).windowWidth, level: windowOf(dragged).windowCenter });
    expect(followed.lower).toBeCloseTo(dragged.lower, 0);
    expect(followed.upper).toBeCloseTo(dragged.upper, 0);
  });
});
