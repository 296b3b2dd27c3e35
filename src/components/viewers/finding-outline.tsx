"use client";

import { utilities as csUtilities, type Types } from "@cornerstonejs/core";
import type { ImageRegion } from "@/domain/findings/image-region";

/** The finding the viewer was opened for: what it is and where it was drawn. */
export interface FindingMark {
  label: string;
  regions: ImageRegion[];
}

/** One region in canvas pixels, ready to draw. */
export interface CanvasShape {
  key: string;
  graphicType: ImageRegion["graphicType"];
  points: [number, number][];
}

/** The mark's regions on the image now shown, converted from image pixels to the viewport's canvas (zoom and pan included). */
export function shapesOnImage(viewport: Types.IStackViewport, imageId: string, sopInstanceUid: string, mark: FindingMark): CanvasShape[] {
  return mark.regions.flatMap((region, i) => {
    if (region.sopInstanceUid !== sopInstanceUid) return [];
    const points: [number, number][] = [];
    for (let p = 0; p + 1 < region.points.length; p += 2) {
      const world = csUtilities.imageToWorldCoords(imageId, [region.points[p]!, region.points[p + 1]!]) as Types.Point3;
      const canvas = viewport.worldToCanvas(world);
      points.push([canvas[0], canvas[1]]);
    }
    return [{ key: `${i}`, graphicType: region.graphicType, points }];
  });
}

/** "images 86–95" or "image 90": where in the stack the mark was drawn, so the reader knows where to scroll. */
export function markedImagesText(mark: FindingMark, sopInstanceUids: string[]): string | null {
  const marked = new Set(mark.regions.map((r) => r.sopInstanceUid));
  const positions = sopInstanceUids.flatMap((sop, i) => (marked.has(sop) ? [i + 1] : []));
  if (positions.length === 0) return null;
  const [first, last] = [Math.min(...positions), Math.max(...positions)];
  return first === last ? `image ${first}` : `images ${first}–${last}`;
}

const distance = (a: [number, number], b: [number, number]) => Math.hypot(a[0] - b[0], a[1] - b[1]);

function Shape({ shape }: { shape: CanvasShape }) {
  const [a, b] = shape.points;
  switch (shape.graphicType) {
    case "POLYLINE":
      return <polyline points={shape.points.map((p) => p.join(",")).join(" ")} fill="none" />;
    case "CIRCLE":
      return a && b ? <circle cx={a[0]} cy={a[1]} r={distance(a, b)} fill="none" /> : null;
    case "ELLIPSE": {
      const [c, d] = [shape.points[2], shape.points[3]];
      if (!a || !b || !c || !d) return null;
      const angle = (Math.atan2(b[1] - a[1], b[0] - a[0]) * 180) / Math.PI;
      return <ellipse cx={(a[0] + b[0]) / 2} cy={(a[1] + b[1]) / 2} rx={distance(a, b) / 2} ry={distance(c, d) / 2} transform={`rotate(${angle} ${(a[0] + b[0]) / 2} ${(a[1] + b[1]) / 2})`} fill="none" />;
    }
    default:
      // POINT and MULTIPOINT: a ring around each point, visible at any zoom.
      return (
        <>
          {shape.points.map((p, i) => (
            <circle key={i} cx={p[0]} cy={p[1]} r={6} fill="none" />
          ))}
        </>
      );
  }
}

/** The finding's outline over the viewport; it ignores the pointer, so scrolling and measuring work through it. */
export function FindingOutline({ shapes, label }: { shapes: CanvasShape[]; label: string }) {
  if (shapes.length === 0) return null;
  return (
    <svg className="pointer-events-none absolute inset-0 h-full w-full" role="img" aria-label={`Outline of ${label} on this image`} data-testid="finding-outline">
      <g stroke="#facc15" strokeWidth={1.5} strokeOpacity={0.9}>
        {shapes.map((shape) => (
          <Shape key={shape.key} shape={shape} />
        ))}
      </g>
    </svg>
  );
}
