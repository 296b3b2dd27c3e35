/** CT window presets as radiologists use them (width / level in Hounsfield units). */
export const WINDOW_PRESETS = [
  { key: "1", name: "Lung", width: 1500, level: -600 },
  { key: "2", name: "Mediastinum", width: 350, level: 50 },
  { key: "3", name: "Bone", width: 1800, level: 400 },
  { key: "4", name: "Brain", width: 80, level: 40 },
  { key: "5", name: "Abdomen", width: 400, level: 50 },
] as const;

export type WindowPreset = (typeof WINDOW_PRESETS)[number];

export const voiRangeOf = (preset: { width: number; level: number }) => ({
  lower: preset.level - preset.width / 2,
  upper: preset.level + preset.width / 2,
});
