import { describe, expect, it } from "vitest";
import { parseMultipart } from "@/integrations/dicomweb/multipart";
import { planBatches, stowBody } from "./upload-batches";

describe("planBatches", () => {
  it("limits each batch by count and bytes, sending an oversize file alone", () => {
    const files = [5, 5, 5, 50, 5, 5].map((size, i) => ({ size, i }));
    expect(planBatches(files, 2, 20).map((b) => b.map((f) => f.i))).toEqual([[0, 1], [2], [3], [4, 5]]);
    expect(planBatches([], 2, 20)).toEqual([]);
  });
});

describe("stowBody", () => {
  it("builds a multipart body the server's parser reads back", async () => {
    const body = stowBody([{ file: new Blob([new Uint8Array([1, 2, 3])]), name: "a b.dcm" }, { file: new Blob(["xyz"]), name: "c.dcm" }], "bnd");
    const parts = parseMultipart(new Uint8Array(await body.arrayBuffer()), "bnd");
    expect(parts.map((p) => [p.headers["content-location"], Array.from(p.body)])).toEqual([
      ["a%20b.dcm", [1, 2, 3]],
      ["c.dcm", [120, 121, 122]],
    ]);
  });
});
