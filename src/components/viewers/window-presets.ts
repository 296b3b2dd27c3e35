/** CT window presets as radiologists use them (width / level in Hounsfield units). */
export const WINDOW_PRESETS = [
  { key: "1", name: "Lung", width: 1500, level: -600 },
  { key: "2", name: "Mediastinum", width: 350, level: 50 },
  { key: "3", name: "Bone", width: 1800, level: 400 },
  { key: "4", name: "Brain", width: 80, level: 40 },
  { key: "5", name: "Abdomen", width: 400, level: 50 },
] as const;

export type WindowPreset = (typeof WINDOW_PRESETS)[number];

// A window and the range of values it spans, by DICOM's linear VOI function (PS3.3 C.11.2.1.2), as Cornerstone
// applies a window from the image's header: width 1600 at level -600 spans -1400 to 199. Read back any other way,
// the header's window would be shown (and passed to a meeting's followers) as width 1599.

/** The values a window spans (Cornerstone's voiRange). */
export const voiRangeOf = (window: { width: number; level: number }) => ({
  lower: window.level - 0.5 - (window.width - 1) / 2,
  upper: window.level - 0.5 + (window.width - 1) / 2,
});

/** The window that spans a range of values, to 0.1. */
export function windowOf(range: { lower: number; upper: number }): { windowCenter: number; windowWidth: number } {
  const round1 = (n: number) => Math.round(n * 10) / 10;
  return { windowCenter: round1((range.lower + range.upper + 1) / 2), windowWidth: round1(range.upper - range.lower + 1) };
}
