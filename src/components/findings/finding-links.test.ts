import { describe, expect, it } from "vitest";
import { findingPlace } from "./finding-links";

const refs = { studyInstanceUid: "1.2", seriesInstanceUid: "1.2.3", sopInstanceUid: null, slideId: null, slideRegion: null, imageRegions: [{ sopInstanceUid: "1.2.3.9" }] };

describe("where a finding is shown", () => {
  it("links a finding with an outline to the viewer at the outlined image", () => {
    const place = findingPlace("p1", "c1", "f1", refs);
    expect(place).toEqual({ kind: "image", href: "/patients/p1/imaging?study=1.2&case=c1&series=1.2.3&sop=1.2.3.9&finding=f1" });
  });

  it("says so when a finding has no outline", () => {
    expect(findingPlace("p1", "c1", "f1", { ...refs, imageRegions: [] })).toEqual({ kind: "none", text: "No outline on the images" });
    expect(findingPlace("p1", undefined, "f1", undefined)).toEqual({ kind: "none", text: "No outline: not linked to images" });
  });

  it("links a slide region to the slide", () => {
    expect(findingPlace("p1", "c1", "f1", { ...refs, studyInstanceUid: null, imageRegions: [], slideId: "s1", slideRegion: { x: 1 } })).toEqual({ kind: "slide", href: "/slides/s1?case=c1" });
  });
});
