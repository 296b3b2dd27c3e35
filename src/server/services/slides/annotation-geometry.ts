/**
 * Shapes drawn on a slide, in image pixel coordinates of the full-resolution level: what the API accepts and the
 * check that a shape lies on the image. Pure; used by the router (shape) and the annotation service (bounds).
 */
import { z } from "zod";

export const MAX_FREEHAND_POINTS = 5000;

const coordinate = z.number().min(0, "Coordinates start at 0 (the image's top-left corner).");

export const rectangleGeometrySchema = z.strictObject({
  x: coordinate,
  y: coordinate,
  width: z.number().positive("A rectangle needs a width."),
  height: z.number().positive("A rectangle needs a height."),
});

export const freehandGeometrySchema = z.strictObject({
  points: z
    .array(z.tuple([coordinate, coordinate]))
    .min(3, "A free-hand outline needs at least 3 points.")
    .max(MAX_FREEHAND_POINTS, `A free-hand outline may have at most ${MAX_FREEHAND_POINTS} points.`),
});

export type RectangleGeometry = z.infer<typeof rectangleGeometrySchema>;
export type FreehandGeometry = z.infer<typeof freehandGeometrySchema>;
export type AnnotationShape = { kind: "RECTANGLE"; geometry: RectangleGeometry } | { kind: "FREEHAND"; geometry: FreehandGeometry };

/** Why a shape does not lie on an image of the given size, or null when it does. */
export function outsideImage(shape: AnnotationShape, image: { width: number; height: number }): string | null {
  const size = `${image.width} x ${image.height} px`;
  if (shape.kind === "RECTANGLE") {
    const { x, y, width, height } = shape.geometry;
    return x + width <= image.width && y + height <= image.height ? null : `The rectangle reaches outside the slide (${size}).`;
  }
  const outside = shape.geometry.points.findIndex(([x, y]) => x > image.width || y > image.height);
  return outside === -1 ? null : `Point ${outside + 1} of the outline lies outside the slide (${size}).`;
}
