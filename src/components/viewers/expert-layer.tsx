"use client";

import type { Types } from "@cornerstonejs/core";
import { useEffect, useMemo, useState, type RefObject } from "react";
import { cornerstoneToolsIfLoaded, type CornerstoneTools } from "./cornerstone-tools";
import { EXPERT_COLOURS, expertMarksOnStack } from "./expert-layer-model";
import { EXPERT_LAYER_PREFIX } from "./measurement-service";
import type { ExpertLayerView } from "./viewer-types";

/**
 * Outside experts' kept annotations, drawn read-only on a stack panel's images for the board: one colour per expert
 * (never the board's yellow), locked (no handle moves), and left out of the reader's own measurements (their UIDs carry
 * EXPERT_LAYER_PREFIX). Each layer can be shown or hidden, and each annotation jumps to its slice.
 */
type TextLines = (data: { expertName?: string }, targetId: string) => string[] | undefined;
const NAMED = Symbol("expert-named");

/** The tool's text box names the expert above the numbers on the expert's annotations (the reader's own are as before). */
function nameExpertsInTextBoxes(tools: CornerstoneTools, viewportId: string, toolNames: Iterable<string>) {
  const group = tools.ToolGroupManager.getToolGroupForViewport(viewportId);
  for (const toolName of toolNames) {
    const tool = group?.getToolInstance(toolName) as { configuration?: { getTextLines?: TextLines & { [NAMED]?: true } } } | undefined;
    const own = tool?.configuration?.getTextLines;
    if (!tool?.configuration || !own || own[NAMED]) continue;
    const named: TextLines & { [NAMED]?: true } = (data, targetId) => {
      const lines = own(data, targetId);
      return data.expertName && lines ? [data.expertName, ...lines] : lines;
    };
    named[NAMED] = true;
    tool.configuration.getTextLines = named;
  }
}

/** Shown once Cornerstone's tools have arrived and the panel's tool group is attached (the panel waits for that). */
export function ExpertLayers(props: {
  layers: ExpertLayerView[];
  panelLabel: string;
  viewportRef: RefObject<Types.IStackViewport | null>;
  viewportId: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  stack: { imageIds: string[]; sopInstanceUids: string[] };
  onShowImage: (index: number) => void;
}) {
  const { layers, viewportRef, viewportId, studyInstanceUid, seriesInstanceUid, stack } = props;
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const shown = useMemo(
    () => layers.map((layer, i) => ({ layer, colour: EXPERT_COLOURS[i % EXPERT_COLOURS.length]!, marks: expertMarksOnStack(layer, { ...stack, studyInstanceUid, seriesInstanceUid }) })).filter((l) => l.marks.length > 0),
    [layers, stack, studyInstanceUid, seriesInstanceUid],
  );

  useEffect(() => {
    const viewport = viewportRef.current;
    const tools = cornerstoneToolsIfLoaded();
    if (!viewport || !tools) return;
    const { annotation: annotationState, utilities: toolUtilities } = tools;
    const added: string[] = [];
    nameExpertsInTextBoxes(tools, viewportId, new Set(shown.flatMap((l) => l.marks.flatMap((m) => (m.drawing ? [m.drawing.toolName] : [])))));
    for (const { layer, colour, marks } of shown) {
      if (hidden.has(layer.shareId)) continue;
      for (const mark of marks) {
        if (!mark.drawing) continue;
        const uid = `${EXPERT_LAYER_PREFIX}${mark.id}`;
        // The options are spread into the annotation's metadata: the kept image wins over the closest one it would pick.
        const options = { annotationUID: uid, referencedImageId: mark.drawing.imageId } as { annotationUID: string };
        toolUtilities.annotationHydration(viewport, mark.drawing.toolName, mark.drawing.points as Types.Point3[], options);
        annotationState.locking.setAnnotationLocked(uid, true);
        annotationState.config.style.setAnnotationStyles(uid, { color: colour, colorLocked: colour, textBoxColor: colour, textBoxColorLocked: colour, lineWidth: "2", lineDash: "4,3" });
        const drawn = annotationState.state.getAnnotation(uid);
        if (drawn) {
          drawn.invalidated = true;
          (drawn.data as { expertName?: string }).expertName = layer.expertName;
        }
        added.push(uid);
      }
    }
    toolUtilities.triggerAnnotationRenderForViewportIds([viewportId]);
    return () => {
      for (const uid of added) annotationState.state.removeAnnotation(uid);
      // The panel may be gone already (a series change destroys its engine first).
      try {
        toolUtilities.triggerAnnotationRenderForViewportIds([viewportId]);
      } catch {
        // nothing left to draw on
      }
    };
  }, [shown, hidden, viewportRef, viewportId]);

  if (shown.length === 0) return null;
  return (
    <div className="space-y-1 text-sm" role="group" aria-label={`Outside experts' annotations in ${props.panelLabel}`}>
      {shown.map(({ layer, colour, marks }) => {
        const owner = `${layer.expertName}'s annotations`;
        return (
          <div key={layer.shareId} className="rounded border border-slate-200 px-2 py-1 dark:border-slate-700">
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={!hidden.has(layer.shareId)}
                onChange={(e) =>
                  setHidden((h) => {
                    const next = new Set(h);
                    if (e.target.checked) next.delete(layer.shareId);
                    else next.add(layer.shareId);
                    return next;
                  })
                }
              />
              <span aria-hidden className="inline-block h-0.5 w-5 border-t-2 border-dashed" style={{ borderColor: colour }} />
              Show {owner} <span className="text-xs text-slate-500">(read-only, second opinion)</span>
            </label>
            <ul aria-label={owner} className="ml-6 space-y-0.5">
              {marks.map((m) => (
                <li key={m.id} className="flex flex-wrap items-center gap-2">
                  <span>{m.name}</span>
                  {m.imageIndex >= 0 ? (
                    <button type="button" className="btn px-2 py-0.5 text-xs" aria-label={`Go to ${m.name} (image ${m.imageIndex + 1})`} onClick={() => props.onShowImage(m.imageIndex)}>
                      Image {m.imageIndex + 1}
                    </button>
                  ) : (
                    <span className="text-xs text-slate-500">image not in this series</span>
                  )}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </div>
  );
}
