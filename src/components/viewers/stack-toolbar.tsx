"use client";

import { renderingLabel, type RenderingChoice } from "./rendering-choice";
import { PRIMARY_TOOLS, type PrimaryTool } from "./tools";
import type { SeriesChoice } from "./viewer-types";
import { WINDOW_PRESETS, type WindowPreset } from "./window-presets";

/** Above a stack panel: its series, the left-button tools, cine, the window presets and the renderer in use. */
export function StackToolbar(props: {
  label: string;
  uid: string;
  series: SeriesChoice[];
  seriesUid: string;
  onSeries: (seriesUid: string) => void;
  tool: PrimaryTool;
  onTool: (tool: PrimaryTool) => void;
  cine: boolean;
  onCine: () => void;
  onPreset: (preset: WindowPreset) => void;
  rendering: RenderingChoice | null;
  /** Cornerstone's tools arrive just after the first image: until then the mouse tools cannot be chosen. */
  toolsReady: boolean;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <label className="sr-only" htmlFor={`series-${props.uid}`}>Series</label>
      <select id={`series-${props.uid}`} className="field w-auto" value={props.seriesUid} onChange={(e) => props.onSeries(e.target.value)}>
        {props.series.map((s) => (
          <option key={s.seriesInstanceUid} value={s.seriesInstanceUid}>
            {s.modality} {s.description || "(no description)"} — {s.numberOfInstances} images
          </option>
        ))}
      </select>
      <div role="toolbar" aria-label={`${props.label} tools`} className="flex gap-1">
        {PRIMARY_TOOLS.map((t) => (
          <button key={t.id} type="button" className="btn" aria-pressed={props.tool === t.id} disabled={!props.toolsReady} onClick={() => props.onTool(t.id)}>
            {t.label}
          </button>
        ))}
        <button type="button" className="btn" aria-pressed={props.cine} onClick={props.onCine}>
          Cine
        </button>
      </div>
      <div role="group" aria-label={`${props.label} window presets`} className="flex gap-1">
        {WINDOW_PRESETS.map((p) => (
          <button key={p.name} type="button" className="btn" onClick={() => props.onPreset(p)} title={`W ${p.width} / L ${p.level} (key ${p.key})`}>
            {p.name}
          </button>
        ))}
      </div>
      {props.rendering && (
        <span role="status" aria-label={`${props.label} rendering`} className="ml-auto text-xs text-slate-500 dark:text-slate-400">
          {renderingLabel(props.rendering)}
        </span>
      )}
    </div>
  );
}
