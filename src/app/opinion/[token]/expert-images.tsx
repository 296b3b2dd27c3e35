"use client";

import { DicomViewerLoader } from "@/components/viewers/dicom-viewer-loader";
import type { StudyChoice } from "@/components/viewers/viewer-types";

/** The radiology viewer on the shared studies only; measurements stay in the expert's own browser. */
export function ExpertImages({ studies }: { studies: StudyChoice[] }) {
  if (studies.length === 0) return <p className="text-sm text-slate-500">No images were shared.</p>;
  return <DicomViewerLoader studies={studies} initialStudyUid={studies[0]!.studyInstanceUid} />;
}
