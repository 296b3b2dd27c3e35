// The shapes the viewer's parts share. Kept apart from the components so that no component imports another for a type
// (the stack panel and the segmentation panel used to import each other).
import type { ExpertLayerAnnotation, WorldPoint } from "@/domain/expert-opinion/expert-layer";

export interface SeriesChoice {
  seriesInstanceUid: string;
  modality: string;
  description: string;
  numberOfInstances: number;
}

export interface StudyChoice {
  studyInstanceUid: string;
  /** The DICOMweb root that serves this study: the built-in store or the PACS proxy (see data-source.ts). */
  dicomwebBase: string;
  /** Preformatted on the server in the hospital's time zone. */
  dateLabel: string;
  modality: string;
  description: string;
  /** Empty for a PACS study: its series are asked of the PACS when it is opened. */
  series: SeriesChoice[];
}

/** Window centre and width, as DICOM names them; what live follow carries. */
export interface Voi {
  windowCenter: number;
  windowWidth: number;
}

/** What a stack panel shows, reported on every change so that a presenter's view can be published. */
export interface StackView {
  seriesUid: string;
  imageIndex: number;
  voi?: Voi;
}

/** A measurement drawn in the viewer, as the measurement service extracts it from the annotation. */
export interface Measurement {
  id: string;
  tool: string;
  /** What the reader named it ("right hilar node, short axis"); empty until named. */
  label: string;
  /** The numbers in words, for display: "Length 23.4 mm". */
  text: string;
  /** The numbers behind the text, with UCUM units, for keeping the measurement as a finding. */
  values: { name: string; value: number; unit: string }[];
  seriesInstanceUid: string;
  /** The image it was drawn on, when known. */
  sopInstanceUid: string | null;
  /** The tool's handles in patient (world) coordinates: enough to draw it again (an expert's layer for the board). */
  points: WorldPoint[];
}

/** An outside expert's kept annotations on a patient's images, drawn read-only for the board (expert-layer.tsx). */
export interface ExpertLayerView {
  shareId: string;
  expertName: string;
  annotations: (ExpertLayerAnnotation & { points: WorldPoint[] })[];
}
