import { describe, expect, it } from "vitest";
import { expertMarksOnStack } from "./expert-layer-model";
import type { ExpertLayerView } from "./viewer-types";

const base = { studyInstanceUid: "st", seriesInstanceUid: "se", label: "", text: "Length 23.4 mm" };
const layer: ExpertLayerView = {
  shareId: "s1",
  expertName: "Dr Meyer",
  annotations: [
    { ...base, id: "a", kind: "Length measurement", label: "nodule", sopInstanceUid: "sop-2", points: [[0, 0, 1], [10, 0, 1]] },
    { ...base, id: "b", kind: "ROI measurement", text: "ROI mean 35 HU", sopInstanceUid: "sop-1", points: [] },
    { ...base, id: "c", kind: "Length measurement", seriesInstanceUid: "other", sopInstanceUid: "sop-1", points: [[0, 0, 1], [1, 0, 1]] },
    { ...base, id: "d", kind: "Length measurement", sopInstanceUid: "not-here", points: [[0, 0, 1], [1, 0, 1]] },
  ],
};
const stack = { studyInstanceUid: "st", seriesInstanceUid: "se", imageIds: ["img-1", "img-2"], sopInstanceUids: ["sop-1", "sop-2"] };

describe("an outside expert's layer on a stack", () => {
  it("draws what has its image and handles, lists the rest, and leaves other series out", () => {
    expect(expertMarksOnStack(layer, stack)).toEqual([
      { id: "a", name: "nodule: Length 23.4 mm", imageIndex: 1, drawing: { toolName: "Length", imageId: "img-2", points: [[0, 0, 1], [10, 0, 1]] } },
      // Kept before handles were stored: listed with its slice, not drawn.
      { id: "b", name: "ROI mean 35 HU", imageIndex: 0, drawing: null },
      { id: "d", name: "Length 23.4 mm", imageIndex: -1, drawing: null },
    ]);
  });
});
