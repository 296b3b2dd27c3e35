import { describe, expect, it } from "vitest";
import { assembleTimeline, groupByDiscipline, type TimelineInput } from "./assemble-timeline";

const day = (d: string) => new Date(`${d}T09:00:00Z`);

const input: TimelineInput = {
  studies: [
    { id: "ct-old", studyInstanceUid: "1.1", studyDate: day("2026-01-10"), modality: "CT", description: "Chest", numberOfSeries: 2, numberOfInstances: 130 },
    { id: "ct-new", studyInstanceUid: "1.2", studyDate: day("2026-10-01"), modality: "CT", description: "Chest", numberOfSeries: 3, numberOfInstances: 133 },
    { id: "pet", studyInstanceUid: "1.3", studyDate: day("2026-09-15"), modality: "PT", description: "PET-CT", numberOfSeries: 1, numberOfInstances: 300 },
  ],
  slides: [{ id: "he", acquiredAt: day("2026-09-20"), label: "Biopsy A1", stain: "H&E", specimen: "Lung core biopsy" }],
  findings: [
    { id: "ai-1", observedAt: day("2026-10-01"), source: "AI", kind: "Lung nodule", description: "Nodule 18 mm", algorithmName: "NoduleNet", algorithmVersion: "2.1", review: "PENDING", slideId: null, imagingStudyId: "ct-new", seriesInstanceUid: "1.2.1", sopInstanceUid: "1.2.1.7" },
    { id: "rad-1", observedAt: day("2026-01-10"), source: "PERSON", kind: "Lung nodule", description: "Nodule 9 mm", algorithmName: null, algorithmVersion: null, review: "ACCEPTED", slideId: null, imagingStudyId: null, seriesInstanceUid: null, sopInstanceUid: null },
    { id: "path-1", observedAt: day("2026-09-21"), source: "PERSON", kind: "Adenocarcinoma", description: "Acinar", algorithmName: null, algorithmVersion: null, review: "ACCEPTED", slideId: "he", imagingStudyId: null, seriesInstanceUid: null, sopInstanceUid: null },
  ],
  lastDiscussedAt: day("2026-09-16"),
};

describe("assembleTimeline", () => {
  it("puts every item in date order, newest first by default", () => {
    expect(assembleTimeline(input).map((i) => i.id)).toEqual(["ct-new", "ai-1", "path-1", "he", "pet", "ct-old", "rad-1"]);
  });

  it("orders oldest first on request, keeping a finding after the study of the same day", () => {
    expect(assembleTimeline(input, { order: "oldest" }).map((i) => i.id)).toEqual(["ct-old", "rad-1", "pet", "he", "path-1", "ct-new", "ai-1"]);
  });

  it("says which other hospital's node a retrieved study came from", () => {
    const retrieved = { ...input, studies: [{ ...input.studies[0]!, sourceNode: "St Elsewhere PACS" }] };
    expect(assembleTimeline(retrieved).find((i) => i.id === "ct-old")?.detail).toBe("2 series, 130 images · from St Elsewhere PACS");
  });

  it("marks older studies of the same modality as priors", () => {
    const byId = new Map(assembleTimeline(input).map((i) => [i.id, i]));
    expect(byId.get("ct-old")?.isPrior).toBe(true);
    expect(byId.get("ct-new")?.isPrior).toBe(false);
    expect(byId.get("pet")?.isPrior).toBe(false);
  });

  it("highlights what arrived after the last board discussion", () => {
    const fresh = assembleTimeline(input).filter((i) => i.isNew).map((i) => i.id);
    expect(fresh).toEqual(["ct-new", "ai-1", "path-1", "he"]);
    expect(assembleTimeline({ ...input, lastDiscussedAt: null }).some((i) => i.isNew)).toBe(false);
  });

  it("assigns disciplines and filters by them", () => {
    const items = assembleTimeline(input, { order: "newest", disciplines: ["PATHOLOGY", "AI"] });
    expect(items.map((i) => i.id)).toEqual(["ai-1", "path-1", "he"]);
    const groups = groupByDiscipline(assembleTimeline(input));
    expect(groups.RADIOLOGY.map((i) => i.id)).toEqual(["ct-new", "pet", "ct-old", "rad-1"]);
    expect(groups.AI[0]?.detail).toBe("Nodule 18 mm (NoduleNet 2.1)");
  });

  it("says where each item opens: the study, the finding's referenced image, or the slide", () => {
    const byId = new Map(assembleTimeline(input).map((i) => [i.id, i.target]));
    expect(byId.get("ct-new")).toEqual({ studyInstanceUid: "1.2", seriesInstanceUid: null, sopInstanceUid: null, slideId: null, documentId: null });
    expect(byId.get("ai-1")).toEqual({ studyInstanceUid: "1.2", seriesInstanceUid: "1.2.1", sopInstanceUid: "1.2.1.7", slideId: null, documentId: null });
    expect(byId.get("path-1")?.slideId).toBe("he");
    expect(byId.get("he")?.slideId).toBe("he");
  });

  it("places the case's documents in date order with their kind and description, opening the document", () => {
    const documents = [
      { id: "doc-path", createdAt: day("2026-09-22"), kindLabel: "Pathology report", description: "Biopsy right upper lobe", fileName: "path.pdf" },
      { id: "doc-letter", createdAt: day("2026-01-05"), kindLabel: "Letter", description: "Referral letter", fileName: "letter.pdf" },
    ];
    const items = assembleTimeline({ ...input, documents }, { order: "oldest" });
    expect(items.map((i) => i.id)).toEqual(["doc-letter", "ct-old", "rad-1", "pet", "he", "path-1", "doc-path", "ct-new", "ai-1"]);
    const report = items.find((i) => i.id === "doc-path")!;
    expect(report).toMatchObject({ kind: "document", discipline: "DOCUMENTS", title: "Pathology report: Biopsy right upper lobe", detail: "path.pdf", isNew: true });
    expect(report.target.documentId).toBe("doc-path");
    expect(groupByDiscipline(items).DOCUMENTS.map((i) => i.id)).toEqual(["doc-letter", "doc-path"]);
  });
});
