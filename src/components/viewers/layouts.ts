// Layouts as configuration: how many panels, and which study and series each one shows. Pure, so it is tested alone.
import { isImageSeries } from "./series-kinds";
import type { StudyChoice } from "./viewer-types";

export type LayoutId = "1x1" | "1x2" | "2x2" | "mpr";

export interface LayoutConfig {
  id: LayoutId;
  label: string;
  /** What a screen reader says for the layout button. */
  description: string;
  rows: number;
  columns: number;
}

export const LAYOUTS: readonly LayoutConfig[] = [
  { id: "1x1", label: "1×1", description: "One panel", rows: 1, columns: 1 },
  { id: "1x2", label: "1×2", description: "Two panels side by side", rows: 1, columns: 2 },
  { id: "2x2", label: "2×2", description: "Four panels", rows: 2, columns: 2 },
  { id: "mpr", label: "MPR", description: "Multiplanar reformat: axial, coronal and sagittal", rows: 1, columns: 3 },
];

export const layoutOf = (id: LayoutId): LayoutConfig => LAYOUTS.find((l) => l.id === id) ?? LAYOUTS[0]!;

/** One stack panel of a layout. */
export interface PanelSpec {
  /** Stable across re-renders: the panel restarts only when its study or series changes. */
  key: string;
  role: "current" | "prior";
  study: StudyChoice;
  seriesUid: string;
  label: string;
}

/**
 * Fills the layout's cells: the chosen series of the current study first, then the prior study (when one is chosen
 * for comparison), then the current study's other image series. A chosen prior needs two cells, so 1×1 becomes 1×2;
 * a study with a single image series shows it twice.
 */
export function assignPanels(
  layout: LayoutConfig,
  current: { study: StudyChoice; seriesUid: string | undefined },
  prior?: { study: StudyChoice; seriesUid: string | undefined },
): PanelSpec[] {
  const cells = Math.max(layout.rows * layout.columns, prior ? 2 : 1);
  const panels: PanelSpec[] = [];
  const currentLabel = `Current study ${current.study.dateLabel}`;
  if (current.seriesUid) panels.push({ key: `current-${current.study.studyInstanceUid}-${current.seriesUid}`, role: "current", study: current.study, seriesUid: current.seriesUid, label: currentLabel });
  if (prior?.seriesUid && panels.length < cells) {
    panels.push({ key: `prior-${prior.study.studyInstanceUid}-${prior.seriesUid}`, role: "prior", study: prior.study, seriesUid: prior.seriesUid, label: `Prior study ${prior.study.dateLabel}` });
  }
  for (const s of current.study.series.filter(isImageSeries)) {
    if (panels.length >= cells) break;
    if (s.seriesInstanceUid === current.seriesUid) continue;
    panels.push({
      key: `current-${current.study.studyInstanceUid}-${s.seriesInstanceUid}`,
      role: "current",
      study: current.study,
      seriesUid: s.seriesInstanceUid,
      label: `${currentLabel}, panel ${panels.length + 1}`,
    });
  }
  // One series and room to spare: the same series again, to read it in two windows (lung and mediastinum) side by side.
  if (current.seriesUid && panels.length === 1 && cells > 1) {
    panels.push({ key: `current-${current.study.studyInstanceUid}-${current.seriesUid}-again`, role: "current", study: current.study, seriesUid: current.seriesUid, label: `${currentLabel}, panel 2` });
  }
  return panels;
}

/** The grid of a layout for the panels it really has (a 2×2 with two series is one row of two). */
export function gridOf(layout: LayoutConfig, panels: number): { rows: number; columns: number } {
  const columns = Math.min(Math.max(layout.columns, panels > 1 ? 2 : 1), Math.max(1, panels));
  return { rows: Math.max(1, Math.ceil(panels / columns)), columns };
}

/**
 * Linked scrolling: the slice of another stack nearest to a position along the slice normal (mm). Without positions
 * (a stack of unrelated images) the same fraction of the stack is shown instead.
 */
export function linkedIndex(target: { position: number | null; fraction: number }, positions: (number | null)[]): number {
  if (positions.length === 0) return 0;
  if (target.position !== null && positions.every((p) => p !== null)) {
    let best = 0;
    for (let i = 1; i < positions.length; i++) if (Math.abs(positions[i]! - target.position) < Math.abs(positions[best]! - target.position)) best = i;
    return best;
  }
  return Math.min(positions.length - 1, Math.max(0, Math.round(target.fraction * (positions.length - 1))));
}
