"use client";

import type { LoadedStack } from "./dicomweb-stack";
import type { OrientationMarkers } from "./orientation";
import type { PrefetchProgress } from "./use-stack-prefetch";
import type { Voi } from "./viewer-types";

const mm = (n: number) => `${Math.round(n * 10) / 10} mm`;

/** The corner texts radiologists expect on the image: patient and study, series, slice, window. */
export function ViewportOverlay(props: { label: string; stack: LoadedStack | null; index: number; count: number; voi: Voi | null; markers: OrientationMarkers | null }) {
  const { stack, index, voi, markers } = props;
  const position = stack?.positions[index];
  const thickness = stack?.thicknesses[index];
  const corner = "pointer-events-none absolute max-w-[45%] truncate text-[11px] leading-tight text-slate-100 [text-shadow:0_0_2px_#000,0_0_2px_#000]";
  return (
    <div className="pointer-events-none absolute inset-0 select-none" aria-label={`${props.label} image information`} role="group">
      {stack && (
        <>
          <div className={`${corner} left-1.5 top-1`}>
            <div>{stack.header.patientName || "—"}</div>
            <div>{stack.header.studyDate}</div>
          </div>
          <div className={`${corner} right-5 top-1 text-right`}>
            <div>
              {stack.header.modality} Se {stack.header.seriesNumber || "—"}
            </div>
            <div>{stack.header.seriesDescription}</div>
          </div>
          <div className={`${corner} bottom-1 left-1.5`}>
            <div>
              Im {props.count ? index + 1 : 0}/{props.count}
            </div>
            {(position !== null && position !== undefined) || thickness ? (
              <div>
                {position !== null && position !== undefined && <>Pos {mm(position)}</>}
                {position !== null && position !== undefined && thickness ? " · " : ""}
                {thickness ? <>Thick {mm(thickness)}</> : null}
              </div>
            ) : null}
          </div>
          <div className={`${corner} bottom-1 right-5 text-right`}>{voi && `W ${Math.round(voi.windowWidth)} / L ${Math.round(voi.windowCenter)}`}</div>
        </>
      )}
      {markers && (
        <div aria-label="Orientation" role="group" className="text-xs font-semibold text-amber-200 [text-shadow:0_0_2px_#000]">
          <span aria-label={`Top: ${markers.top}`} className="absolute left-1/2 top-1 -translate-x-1/2">{markers.top}</span>
          <span aria-label={`Bottom: ${markers.bottom}`} className="absolute bottom-1 left-1/2 -translate-x-1/2">{markers.bottom}</span>
          <span aria-label={`Left: ${markers.left}`} className="absolute left-1.5 top-1/2 -translate-y-1/2">{markers.left}</span>
          <span aria-label={`Right: ${markers.right}`} className="absolute right-6 top-1/2 -translate-y-1/2">{markers.right}</span>
        </div>
      )}
    </div>
  );
}

/** A vertical slice scroll bar at the viewport's right edge; keyboard and pointer both move it. */
export function SliceScrollbar(props: { label: string; index: number; count: number; onChange: (index: number) => void }) {
  if (props.count < 2) return null;
  return (
    <input
      type="range"
      min={1}
      max={props.count}
      step={1}
      value={props.index + 1}
      aria-label={`${props.label} slice`}
      aria-valuetext={`Image ${props.index + 1} of ${props.count}`}
      onChange={(e) => props.onChange(Number(e.target.value) - 1)}
      // Vertical: the first slice at the top, as the stack is read.
      style={{ writingMode: "vertical-lr" }}
      className="absolute bottom-2 right-0.5 top-2 w-3 cursor-pointer accent-sky-500 opacity-70 hover:opacity-100 focus:opacity-100"
    />
  );
}

/** The stack loading into memory, nearest slices first; gone once complete. */
export function PrefetchBar(props: { label: string; progress: PrefetchProgress }) {
  const { loaded, total, failed } = props.progress;
  if (total === 0) return null;
  const done = loaded + failed >= total;
  return (
    <div className="flex items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
      <progress
        className="h-1.5 w-32 accent-sky-500"
        aria-label={`${props.label} images loaded`}
        max={total}
        value={loaded + failed}
        aria-valuetext={`${loaded} of ${total} images loaded`}
      />
      <span>{done ? `All ${total} images loaded${failed ? ` (${failed} failed)` : ""}` : `${loaded} of ${total} images loaded`}</span>
    </div>
  );
}
