import { describe, expect, it } from "vitest";
import { vrForTag } from "./vr-dictionary";

describe("vrForTag", () => {
  it("knows standard tags and settles ambiguous VRs", () => {
    expect(vrForTag("00100010", 0)).toBe("PN");
    expect(vrForTag("00281050", 0)).toBe("DS");
    expect(vrForTag("7FE00010", 0)).toBe("OW");
    expect(vrForTag("00280106", 0)).toBe("US");
    expect(vrForTag("00280106", 1)).toBe("SS");
    expect(vrForTag("60003000", 0)).toBe("OW"); // overlay data, repeating group
  });

  it("treats private tags as UN, private creators as LO, group lengths as UL", () => {
    expect(vrForTag("00291010", 0)).toBe("UN");
    expect(vrForTag("00290010", 0)).toBe("LO");
    expect(vrForTag("00080000", 0)).toBe("UL");
  });
});
