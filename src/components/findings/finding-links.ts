// Where a finding is shown: on the images with its outline, on the slide, or nowhere (it says so).

export interface FindingReferences {
  studyInstanceUid: string | null;
  seriesInstanceUid: string | null;
  sopInstanceUid: string | null;
  slideId: string | null;
  slideRegion: unknown;
  imageRegions: { sopInstanceUid: string }[];
}

export type FindingPlace = { kind: "image"; href: string } | { kind: "slide"; href: string } | { kind: "none"; text: string };

/** The viewer link for a finding with an outline (the viewer draws it and opens at its slice), else why there is none. */
export function findingPlace(patientId: string, caseId: string | undefined, findingId: string, references: FindingReferences | undefined): FindingPlace {
  if (references?.studyInstanceUid && references.imageRegions.length > 0) {
    const query = new URLSearchParams({ study: references.studyInstanceUid });
    if (caseId) query.set("case", caseId);
    if (references.seriesInstanceUid) query.set("series", references.seriesInstanceUid);
    query.set("sop", references.sopInstanceUid ?? references.imageRegions[0]!.sopInstanceUid);
    query.set("finding", findingId);
    return { kind: "image", href: `/patients/${patientId}/imaging?${query}` };
  }
  if (references?.slideId && references.slideRegion) return { kind: "slide", href: `/slides/${references.slideId}${caseId ? `?case=${caseId}` : ""}` };
  return { kind: "none", text: references?.studyInstanceUid ? "No outline on the images" : "No outline: not linked to images" };
}
