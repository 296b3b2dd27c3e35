import { describe, expect, it } from "vitest";
import { framesNearestMiddleFirst } from "./pacs-frames";

const instance = (sop: string, number: number, frames?: number) => ({
  "00080018": { Value: [sop] },
  "00200013": { Value: [number] },
  ...(frames === undefined ? {} : { "00280008": { Value: [frames] } }),
});

describe("a series' frames in the order the viewer asks for them", () => {
  it("starts at the middle instance by instance number and goes outwards", () => {
    const metadata = [instance("1.5", 5), instance("1.1", 1), instance("1.3", 3), instance("1.2", 2), instance("1.4", 4)];
    expect(framesNearestMiddleFirst(metadata).map((f) => f.sop)).toEqual(["1.3", "1.2", "1.4", "1.1", "1.5"]);
  });

  it("lists every frame of a multi-frame instance, and skips an instance without a usable UID", () => {
    const metadata = [instance("1.7", 1, 3), { "00200013": { Value: [2] } }, instance("not a uid", 3)];
    expect(framesNearestMiddleFirst(metadata)).toEqual([{ sop: "1.7", frame: 1 }, { sop: "1.7", frame: 2 }, { sop: "1.7", frame: 3 }]);
  });
});
