import type { Slide } from "@/generated/prisma/client";

/** A slide as lists and the import progress show it: no storage details. */
export interface SlideSummary {
  id: string;
  patientId: string;
  label: string;
  specimen: string;
  stain: string;
  format: Slide["format"];
  widthPx: number;
  heightPx: number;
  micronsPerPixel: number | null;
  acquiredAt: Date;
  importStatus: Slide["importStatus"];
  importProgress: number;
  importError: string | null;
  createdAt: Date;
}

export function toSlideSummary(slide: Slide): SlideSummary {
  return {
    id: slide.id,
    patientId: slide.patientId,
    label: slide.label,
    specimen: slide.specimen,
    stain: slide.stain,
    format: slide.format,
    widthPx: slide.widthPx,
    heightPx: slide.heightPx,
    micronsPerPixel: slide.micronsPerPixel,
    acquiredAt: slide.acquiredAt,
    importStatus: slide.importStatus,
    importProgress: slide.importProgress,
    importError: slide.importError,
    createdAt: slide.createdAt,
  };
}
