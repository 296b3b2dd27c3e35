import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";
import type { Fixture } from "../../testing/fixture";

// The shared fixture has no slide: one is created on board A's patient the first time a row needs it.
const slides = new WeakMap<Fixture, Promise<string>>();
function slideOf(f: Fixture): Promise<string> {
  let slideId = slides.get(f);
  if (!slideId) {
    slideId = f.db.slide
      .create({
        data: { patientId: f.patientA.id, label: "Access check", specimen: "Lung core", stain: "H&E", format: "APERIO_SVS", widthPx: 1000, heightPx: 800, acquiredAt: new Date("2026-01-01T00:00:00Z") },
      })
      .then((s) => s.id);
    slides.set(f, slideId);
  }
  return slideId;
}

const rectangle = { kind: "RECTANGLE", label: "Tumour", geometry: { x: 10, y: 10, width: 100, height: 50 } } as const;

export const access: AccessCases = {
  "slide.get": { allowed: CLINICAL_ON_A, call: async (c, f) => c.slide.get({ slideId: await slideOf(f) }) },
  "slide.listForPatient": { allowed: CLINICAL_ON_A, call: (c, f) => c.slide.listForPatient({ patientId: f.patientA.id }) },
  "slide.importStatus": { allowed: CLINICAL_ON_A, call: async (c, f) => c.slide.importStatus({ slideId: await slideOf(f) }) },
  "slide.annotations.list": { allowed: CLINICAL_ON_A, call: async (c, f) => c.slide.annotations.list({ slideId: await slideOf(f), caseId: f.caseA.id }) },
  "slide.annotations.create": {
    allowed: CLINICAL_ON_A,
    call: async (c, f) => c.slide.annotations.create({ slideId: await slideOf(f), caseId: f.caseA.id, ...rectangle }),
  },
  // Each caller deletes an annotation of their own (a refused caller is already refused when creating it).
  "slide.annotations.delete": {
    allowed: CLINICAL_ON_A,
    call: async (c, f) => {
      const slideId = await slideOf(f);
      const annotation = await c.slide.annotations.create({ slideId, caseId: f.caseA.id, ...rectangle });
      return c.slide.annotations.delete({ slideId, annotationId: annotation.id });
    },
  },
};
