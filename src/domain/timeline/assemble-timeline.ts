/**
 * The case timeline: a patient's studies, slides and findings, and the case's documents and outside experts' second
 * opinions, as one date-ordered list.
 */
export const DISCIPLINES = ["RADIOLOGY", "PATHOLOGY", "AI", "DOCUMENTS", "OPINIONS"] as const;
export type Discipline = (typeof DISCIPLINES)[number];

export interface TimelineStudyInput {
  id: string;
  studyInstanceUid: string;
  studyDate: Date;
  modality: string;
  description: string;
  numberOfSeries: number;
  numberOfInstances: number;
  /** The other hospital's DICOMweb node the images were retrieved from. */
  sourceNode?: string | null;
}

export interface TimelineSlideInput {
  id: string;
  acquiredAt: Date;
  label: string;
  stain: string;
  specimen: string;
}

export interface TimelineFindingInput {
  id: string;
  observedAt: Date;
  source: "AI" | "PERSON";
  kind: string;
  description: string;
  algorithmName: string | null;
  algorithmVersion: string | null;
  review: "PENDING" | "ACCEPTED" | "REJECTED";
  slideId: string | null;
  imagingStudyId: string | null;
  seriesInstanceUid: string | null;
  sopInstanceUid: string | null;
}

/** A document stored with the case (report, letter); `kindLabel` is what it is, e.g. "Pathology report". */
export interface TimelineDocumentInput {
  id: string;
  createdAt: Date;
  kindLabel: string;
  description: string;
  fileName: string;
}

/** An outside expert's answer to a second-opinion link (issue 15). */
export interface TimelineOpinionInput {
  id: string;
  submittedAt: Date;
  expertName: string;
  agreesWithPlan: boolean;
  alternative: string;
}

/** Where a timeline item opens: an image (study, series, instance), a slide or a stored document. */
export interface TimelineTarget {
  studyInstanceUid: string | null;
  seriesInstanceUid: string | null;
  sopInstanceUid: string | null;
  slideId: string | null;
  documentId: string | null;
}

export interface TimelineItem {
  kind: "study" | "slide" | "finding" | "document" | "opinion";
  id: string;
  date: Date;
  discipline: Discipline;
  title: string;
  detail: string;
  /** An older study of a modality the patient has a newer study of: the comparison, not the current one. */
  isPrior: boolean;
  /** Arrived after the board last discussed the patient. */
  isNew: boolean;
  review: TimelineFindingInput["review"] | null;
  target: TimelineTarget;
}

export interface TimelineInput {
  studies: readonly TimelineStudyInput[];
  slides: readonly TimelineSlideInput[];
  findings: readonly TimelineFindingInput[];
  /** The case's own documents (a patient timeline without a case has none). */
  documents?: readonly TimelineDocumentInput[];
  /** Second opinions on the case. */
  opinions?: readonly TimelineOpinionInput[];
  lastDiscussedAt: Date | null;
}

export interface TimelineOptions {
  order: "newest" | "oldest";
  disciplines?: readonly Discipline[];
}

export function assembleTimeline(input: TimelineInput, options: TimelineOptions = { order: "newest" }): TimelineItem[] {
  const studyUidById = new Map(input.studies.map((s) => [s.id, s.studyInstanceUid]));
  const isNew = (date: Date) => input.lastDiscussedAt !== null && date > input.lastDiscussedAt;
  const latestByModality = new Map<string, number>();
  for (const s of input.studies) {
    latestByModality.set(s.modality, Math.max(latestByModality.get(s.modality) ?? 0, s.studyDate.getTime()));
  }

  const items: TimelineItem[] = [
    ...input.studies.map((s) => ({
      kind: "study" as const,
      id: s.id,
      date: s.studyDate,
      discipline: "RADIOLOGY" as const,
      title: `${s.modality} ${s.description}`.trim(),
      detail: `${s.numberOfSeries} series, ${s.numberOfInstances} images${s.sourceNode ? ` · from ${s.sourceNode}` : ""}`,
      isPrior: s.studyDate.getTime() < (latestByModality.get(s.modality) ?? 0),
      isNew: isNew(s.studyDate),
      review: null,
      target: { studyInstanceUid: s.studyInstanceUid, seriesInstanceUid: null, sopInstanceUid: null, slideId: null, documentId: null },
    })),
    ...input.slides.map((s) => ({
      kind: "slide" as const,
      id: s.id,
      date: s.acquiredAt,
      discipline: "PATHOLOGY" as const,
      title: `${s.label} (${s.stain})`,
      detail: s.specimen,
      isPrior: false,
      isNew: isNew(s.acquiredAt),
      review: null,
      target: { studyInstanceUid: null, seriesInstanceUid: null, sopInstanceUid: null, slideId: s.id, documentId: null },
    })),
    ...input.findings.map((f) => ({
      kind: "finding" as const,
      id: f.id,
      date: f.observedAt,
      discipline: f.source === "AI" ? ("AI" as const) : f.slideId ? ("PATHOLOGY" as const) : ("RADIOLOGY" as const),
      title: f.kind,
      detail: f.source === "AI" && f.algorithmName ? `${f.description} (${f.algorithmName}${f.algorithmVersion ? ` ${f.algorithmVersion}` : ""})` : f.description,
      isPrior: false,
      isNew: isNew(f.observedAt),
      review: f.review,
      target: {
        studyInstanceUid: f.imagingStudyId ? (studyUidById.get(f.imagingStudyId) ?? null) : null,
        seriesInstanceUid: f.seriesInstanceUid,
        sopInstanceUid: f.sopInstanceUid,
        slideId: f.slideId,
        documentId: null,
      },
    })),
    ...(input.documents ?? []).map((d) => ({
      kind: "document" as const,
      id: d.id,
      date: d.createdAt,
      discipline: "DOCUMENTS" as const,
      title: `${d.kindLabel}: ${d.description}`,
      detail: d.fileName,
      isPrior: false,
      isNew: isNew(d.createdAt),
      review: null,
      target: { studyInstanceUid: null, seriesInstanceUid: null, sopInstanceUid: null, slideId: null, documentId: d.id },
    })),
    ...(input.opinions ?? []).map((o) => ({
      kind: "opinion" as const,
      id: o.id,
      date: o.submittedAt,
      discipline: "OPINIONS" as const,
      title: `${o.expertName}`,
      detail: o.agreesWithPlan ? "Agrees with the board's plan" : `Proposes another plan: ${o.alternative}`,
      isPrior: false,
      isNew: isNew(o.submittedAt),
      review: null,
      target: { studyInstanceUid: null, seriesInstanceUid: null, sopInstanceUid: null, slideId: null, documentId: null },
    })),
  ];

  const wanted = options.disciplines ? new Set(options.disciplines) : null;
  const direction = options.order === "newest" ? -1 : 1;
  // Ties keep studies before slides before findings, so a finding follows the image it is about.
  const kindRank = { study: 0, slide: 1, finding: 2, document: 3, opinion: 4 } as const;
  return items
    .filter((item) => !wanted || wanted.has(item.discipline))
    .sort((a, b) => direction * (a.date.getTime() - b.date.getTime()) || kindRank[a.kind] - kindRank[b.kind]);
}

export function groupByDiscipline(items: readonly TimelineItem[]): Record<Discipline, TimelineItem[]> {
  const groups: Record<Discipline, TimelineItem[]> = { RADIOLOGY: [], PATHOLOGY: [], AI: [], DOCUMENTS: [], OPINIONS: [] };
  for (const item of items) groups[item.discipline].push(item);
  return groups;
}
