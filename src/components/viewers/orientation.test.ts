import { describe, expect, it } from "vitest";
import { directionLetters, orientationMarkers } from "./orientation";

describe("orientation markers", () => {
  it("names directions in the patient's coordinates", () => {
    expect(directionLetters([1, 0, 0])).toBe("L");
    expect(directionLetters([0, -1, 0])).toBe("A");
    expect(directionLetters([0, 0, 1])).toBe("S");
    expect(directionLetters([0.9, 0.4, 0])).toBe("LP");
    expect(directionLetters([0.9, 0.1, 0])).toBe("L");
  });

  it("shows an axial CT as radiologists read it: anterior up, the patient's right on the screen's left", () => {
    expect(orientationMarkers([0, -1, 0], [0, 0, -1])).toEqual({ top: "A", bottom: "P", left: "R", right: "L" });
  });

  it("shows a coronal reformat with the head up", () => {
    expect(orientationMarkers([0, 0, 1], [0, -1, 0])).toEqual({ top: "S", bottom: "I", left: "R", right: "L" });
  });

  it("shows a sagittal reformat with anterior on the left", () => {
    expect(orientationMarkers([0, 0, 1], [1, 0, 0])).toEqual({ top: "S", bottom: "I", left: "A", right: "P" });
  });
});
