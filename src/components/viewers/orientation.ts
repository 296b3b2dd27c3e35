// Orientation markers from the camera, in the patient's LPS coordinates (DICOM): pure vector arithmetic.

type Vec3 = readonly [number, number, number] | number[];

/** The patient direction a vector points to, its strongest component first: [1,0,0] is L, [0,-1,0] is A. */
export function directionLetters(v: Vec3): string {
  const letters: [string, number][] = [
    [v[0]! > 0 ? "L" : "R", Math.abs(v[0]!)],
    [v[1]! > 0 ? "P" : "A", Math.abs(v[1]!)],
    [v[2]! > 0 ? "S" : "I", Math.abs(v[2]!)],
  ];
  // An oblique plane gets a second letter when that component is at least a third of the main one.
  const sorted = letters.filter(([, m]) => m > 1e-4).sort((a, b) => b[1] - a[1]);
  const main = sorted[0];
  if (!main) return "";
  return sorted.filter(([, m], i) => i === 0 || m >= main[1] / 3).slice(0, 2).map(([l]) => l).join("");
}

const OPPOSITE: Record<string, string> = { L: "R", R: "L", A: "P", P: "A", S: "I", I: "S" };
export const oppositeLetters = (letters: string) => [...letters].map((l) => OPPOSITE[l] ?? l).join("");

export interface OrientationMarkers {
  top: string;
  bottom: string;
  left: string;
  right: string;
}

/**
 * The four edge markers of a viewport from its camera (Cornerstone: viewUp is the screen's up in world space,
 * viewPlaneNormal points from the image towards the viewer). Screen right is viewUp × viewPlaneNormal.
 */
export function orientationMarkers(viewUp: Vec3, viewPlaneNormal: Vec3): OrientationMarkers {
  const [ux, uy, uz] = [viewUp[0]!, viewUp[1]!, viewUp[2]!];
  const [nx, ny, nz] = [viewPlaneNormal[0]!, viewPlaneNormal[1]!, viewPlaneNormal[2]!];
  const right = [uy * nz - uz * ny, uz * nx - ux * nz, ux * ny - uy * nx];
  const down = [-ux, -uy, -uz];
  return { top: oppositeLetters(directionLetters(down)), bottom: directionLetters(down), left: oppositeLetters(directionLetters(right)), right: directionLetters(right) };
}
