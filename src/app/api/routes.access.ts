/** The authorization matrix's rows for the HTTP route policies: every policy, a real route.ts behind it. */
import type { RoutePolicyName } from "@/server/http/route-policies";
import { CLINICAL_ON_A, type RouteAccessCase } from "@/server/testing/access-matrix";

/** What the rows need beyond the fixture: a study, a slide and a stored document of patient A (case A). */
export interface RouteResources {
  studyUid: string;
  slideId: string;
  documentId: string;
}

const ORIGIN = "http://localhost";
const get = (path: string) => new Request(`${ORIGIN}${path}`);
const params = <P>(p: P) => ({ params: Promise.resolve(p) });

export const routeAccess: Record<RoutePolicyName, RouteAccessCase<RouteResources>> = {
  "dicomweb.search": {
    allowed: [...CLINICAL_ON_A, "outsiderChair"],
    request: async () => (await import("./dicomweb/studies/route")).GET(get("/api/dicomweb/studies"), params({})),
  },
  "dicomweb.store": {
    allowed: [...CLINICAL_ON_A, "outsiderChair"],
    // Let in, the sender gets 415 for a body that is not multipart/related.
    request: async () => (await import("./dicomweb/studies/route")).POST(new Request(`${ORIGIN}/api/dicomweb/studies`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } }), params({})),
  },
  "dicomweb.study": {
    allowed: CLINICAL_ON_A,
    request: async (_f, r) => (await import("./dicomweb/studies/[study]/series/route")).GET(get(`/api/dicomweb/studies/${r.studyUid}/series`), params({ study: r.studyUid })),
  },
  "dicomweb.unknown": {
    allowed: [...CLINICAL_ON_A, "outsiderChair"],
    // Let in, the caller is told there is no such resource (404 with its own message).
    request: async () => (await import("./dicomweb/[[...path]]/route")).GET(get("/api/dicomweb/nothing-here"), params({ path: ["nothing-here"] })),
  },
  "pacs.study": {
    allowed: CLINICAL_ON_A,
    // No PACS is configured in the test: those let in are told so (404 with its own message).
    request: async (_f, r) =>
      (await import("./pacs/studies/[studyUid]/[...path]/route")).GET(get(`/api/pacs/studies/${r.studyUid}/metadata`), params({ studyUid: r.studyUid, path: ["metadata"] })),
  },
  "slide.info": {
    allowed: CLINICAL_ON_A,
    request: async (_f, r) => (await import("./slides/[slideId]/info/route")).GET(get(`/api/slides/${r.slideId}/info`), params({ slideId: r.slideId })),
  },
  "slide.tile": {
    allowed: CLINICAL_ON_A,
    request: async (_f, r) =>
      (await import("./slides/[slideId]/tiles/[level]/[tile]/route")).GET(get(`/api/slides/${r.slideId}/tiles/0/0_0.jpeg`), params({ slideId: r.slideId, level: "0", tile: "0_0.jpeg" })),
  },
  "slide.upload": {
    allowed: CLINICAL_ON_A,
    // Let in, the uploader gets 415: the body is not a slide.
    request: async (f) =>
      (await import("./slides/upload/route")).POST(
        new Request(`${ORIGIN}/api/slides/upload?patientId=${f.patientA.id}&label=L&specimen=S&stain=H%26E`, { method: "POST", body: "not a slide", headers: { "content-type": "application/octet-stream" } }),
        params({}),
      ),
  },
  "meeting.document": {
    allowed: CLINICAL_ON_A,
    request: async (f) => (await import("./meetings/[meetingId]/agenda.ics/route")).GET(get(`/api/meetings/${f.meetingA.id}/agenda.ics`), params({ meetingId: f.meetingA.id })),
  },
  "meeting.live": {
    allowed: CLINICAL_ON_A,
    request: async (f) => {
      const aborted = new AbortController();
      const response = await (await import("./meetings/[meetingId]/live/route")).GET(
        new Request(`${ORIGIN}/api/meetings/${f.meetingA.id}/live`, { signal: aborted.signal }),
        params({ meetingId: f.meetingA.id }),
      );
      // The stream stays open for a follower: the test only needs its status.
      if (response.status === 200) {
        aborted.abort();
        await response.body?.cancel().catch(() => undefined);
      }
      return response;
    },
  },
  "case.letter": {
    allowed: CLINICAL_ON_A,
    // Let in, the caller is told the draft decision cannot be sent as a letter yet (400).
    request: async (f) => (await import("./cases/[caseId]/letter/route")).GET(get(`/api/cases/${f.caseA.id}/letter?decisionId=${f.draftA.id}&recipient=gp`), params({ caseId: f.caseA.id })),
  },
  "case.document.upload": {
    allowed: CLINICAL_ON_A,
    // Let in, the uploader gets 415: a text file is not a PDF.
    request: async (f) => {
      const form = new FormData();
      form.set("kind", "LETTER");
      form.set("description", "Referral letter");
      form.set("file", new File(["Dear colleague"], "letter.pdf", { type: "application/pdf" }));
      return (await import("./cases/[caseId]/documents/route")).POST(new Request(`${ORIGIN}/api/cases/${f.caseA.id}/documents`, { method: "POST", body: form }), params({ caseId: f.caseA.id }));
    },
  },
  "case.document.read": {
    allowed: CLINICAL_ON_A,
    request: async (f, r) =>
      (await import("./cases/[caseId]/documents/[documentId]/route")).GET(get(`/api/cases/${f.caseA.id}/documents/${r.documentId}`), params({ caseId: f.caseA.id, documentId: r.documentId })),
  },
  "history.import": {
    allowed: ["chair", "coordinator"],
    // Let in, the caller gets a dry run's preview of an empty file.
    request: async (f) =>
      (await import("./boards/[boardId]/history-import/route")).POST(
        new Request(`${ORIGIN}/api/boards/${f.boardA.id}/history-import?format=csv&dryRun=1`, { method: "POST", body: "", headers: { "content-type": "text/csv" } }),
        params({ boardId: f.boardA.id }),
      ),
  },
  "decision.fhir": {
    allowed: CLINICAL_ON_A,
    request: async (f) => (await import("./decisions/[decisionId]/fhir/route")).GET(get(`/api/decisions/${f.draftA.id}/fhir`), params({ decisionId: f.draftA.id })),
  },
  "dataset.export": {
    allowed: [...CLINICAL_ON_A, "researcher", "outsiderChair"],
    request: async () => (await import("./dataset/export/[format]/route")).GET(get("/api/dataset/export/csv"), params({ format: "csv" })),
  },
  "dataset.exportIdentifiable": {
    allowed: ["chair", "outsiderChair"],
    request: async () =>
      (await import("./dataset/export/identifiable/[format]/route")).POST(
        new Request(`${ORIGIN}/api/dataset/export/identifiable/csv`, { method: "POST", body: JSON.stringify({ reason: "Registry linkage for the audit" }), headers: { "content-type": "application/json" } }),
        params({ format: "csv" }),
      ),
  },
};
