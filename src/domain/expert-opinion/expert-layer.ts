/**
 * An outside expert's kept annotation as the board's viewer draws it (issue 15): what the tool measured, on which
 * image, and the tool's handles in patient (world) coordinates, millimetres, as Cornerstone gives them.
 */
export type WorldPoint = [number, number, number];

export interface ExpertLayerAnnotation {
  id: string;
  kind: string;
  text: string;
  label: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string | null;
}

/** A handle as stored (JSON): three finite numbers, else it is not drawn. */
export const isWorldPoint = (p: unknown): p is WorldPoint => Array.isArray(p) && p.length === 3 && p.every((n) => typeof n === "number" && Number.isFinite(n));
