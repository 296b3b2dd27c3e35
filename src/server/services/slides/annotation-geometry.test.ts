import { describe, expect, it } from "vitest";
import { freehandGeometrySchema, outsideImage, rectangleGeometrySchema } from "./annotation-geometry";

const image = { width: 2220, height: 2967 };

describe("rectangle geometry", () => {
  it("accepts a rectangle with positive size on the image", () => {
    const geometry = rectangleGeometrySchema.parse({ x: 10, y: 20, width: 100, height: 50 });
    expect(outsideImage({ kind: "RECTANGLE", geometry }, image)).toBeNull();
    expect(outsideImage({ kind: "RECTANGLE", geometry: { x: 2120, y: 2867, width: 100, height: 100 } }, image)).toBeNull();
  });

  it("refuses empty, negative, unknown-field and non-finite rectangles", () => {
    expect(rectangleGeometrySchema.safeParse({ x: 0, y: 0, width: 0, height: 5 }).success).toBe(false);
    expect(rectangleGeometrySchema.safeParse({ x: -1, y: 0, width: 5, height: 5 }).success).toBe(false);
    expect(rectangleGeometrySchema.safeParse({ x: 0, y: 0, width: 5, height: 5, z: 1 }).success).toBe(false);
    expect(rectangleGeometrySchema.safeParse({ x: Infinity, y: 0, width: 5, height: 5 }).success).toBe(false);
    expect(rectangleGeometrySchema.safeParse({ x: Number.NaN, y: 0, width: 5, height: 5 }).success).toBe(false);
  });

  it("says when a rectangle reaches outside the image", () => {
    expect(outsideImage({ kind: "RECTANGLE", geometry: { x: 2200, y: 0, width: 21, height: 5 } }, image)).toBe(
      "The rectangle reaches outside the slide (2220 x 2967 px).",
    );
  });
});

describe("free-hand geometry", () => {
  const triangle: [number, number][] = [[0, 0], [100, 0], [50, 80]];

  it("accepts 3 to 5000 points on the image", () => {
    expect(freehandGeometrySchema.safeParse({ points: triangle }).success).toBe(true);
    const many = Array.from({ length: 5000 }, (_, i) => [i % 2220, i % 2967] as [number, number]);
    expect(freehandGeometrySchema.safeParse({ points: many }).success).toBe(true);
    expect(outsideImage({ kind: "FREEHAND", geometry: { points: triangle } }, image)).toBeNull();
  });

  it("refuses too few or too many points with a message that says so", () => {
    const few = freehandGeometrySchema.safeParse({ points: triangle.slice(0, 2) });
    expect(few.error?.issues[0]?.message).toBe("A free-hand outline needs at least 3 points.");
    const tooMany = freehandGeometrySchema.safeParse({ points: Array.from({ length: 5001 }, () => [1, 1]) });
    expect(tooMany.error?.issues[0]?.message).toBe("A free-hand outline may have at most 5000 points.");
    expect(freehandGeometrySchema.safeParse({ points: [[0, 0, 0], [1, 1], [2, 2]] }).success).toBe(false);
  });

  it("names the first point outside the image", () => {
    expect(outsideImage({ kind: "FREEHAND", geometry: { points: [[0, 0], [10, 3000], [5, 5]] } }, image)).toBe(
      "Point 2 of the outline lies outside the slide (2220 x 2967 px).",
    );
  });
});
