// Which of an outside expert's kept annotations lie on the series in a stack panel, and on which image: pure, so that
// the read-only layer (expert-layer.tsx) only has to hand them to Cornerstone.
import type { ExpertLayerView } from "./viewer-types";

/** A colour per expert, none of them the board's own yellow: the layers never look like the reader's measurements. */
export const EXPERT_COLOURS = ["rgb(56, 189, 248)", "rgb(244, 114, 182)", "rgb(251, 146, 60)", "rgb(167, 139, 250)"] as const;

/** The Cornerstone tool that draws a kept annotation, from the kind it was filed under. */
const TOOL_OF_KIND: Record<string, string> = { "Length measurement": "Length", Length: "Length", "ROI measurement": "RectangleROI", RectangleROI: "RectangleROI" };
const POINTS_OF_TOOL: Record<string, number> = { Length: 2, RectangleROI: 4 };

export interface ExpertMark {
  id: string;
  /** What the list says: "nodule, long axis: Length 23.4 mm". */
  name: string;
  /** The slice to jump to, -1 when the image is not in this stack. */
  imageIndex: number;
  /** Drawn on the image when the tool and its handles are known; otherwise only listed. */
  drawing: { toolName: string; imageId: string; points: [number, number, number][] } | null;
}

/** The layer's annotations on this series, in the order the expert kept them. */
export function expertMarksOnStack(
  layer: ExpertLayerView,
  stack: { studyInstanceUid: string; seriesInstanceUid: string; imageIds: string[]; sopInstanceUids: string[] },
): ExpertMark[] {
  return layer.annotations
    .filter((a) => a.studyInstanceUid === stack.studyInstanceUid && a.seriesInstanceUid === stack.seriesInstanceUid)
    .map((a) => {
      const imageIndex = a.sopInstanceUid ? stack.sopInstanceUids.indexOf(a.sopInstanceUid) : -1;
      const toolName = TOOL_OF_KIND[a.kind];
      const drawable = toolName !== undefined && imageIndex >= 0 && a.points.length === POINTS_OF_TOOL[toolName];
      return {
        id: a.id,
        name: a.label ? `${a.label}: ${a.text}` : a.text,
        imageIndex,
        drawing: drawable ? { toolName, imageId: stack.imageIds[imageIndex]!, points: a.points } : null,
      };
    });
}
