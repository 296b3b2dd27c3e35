import { describe, expect, it } from "vitest";
import { renderAgendaPdf } from "./agenda-pdf";
import { renderLetterPdf } from "./letter-pdf";
import { renderMinutesPdf } from "./minutes-pdf";
import { pdfPageCount, pdfText } from "./read-pdf-text";
import type { DecisionSummary, Letterhead, MinutesDocument } from "./types";
import { toWinAnsi } from "./win-ansi";

const letterhead: Letterhead = { hospital: "St. Example Hospital", department: "Thoracic Oncology", address: "1 Main Street\n1000 AA Example", phone: "+31 20 555 0100", email: "mdt@example.org" };
const patient = { familyName: "Wróbel", givenName: "Łukasz", mrn: "MRN-1", birthDate: new Date("1951-03-14T00:00:00Z") };
const startsAt = new Date("2026-03-03T13:00:00Z");

const decision = (over: Partial<DecisionSummary> = {}): DecisionSummary => ({
  version: 1,
  signed: true,
  tnm: "cT2a N2 M0",
  stageGroup: "IIIA",
  histology: "Adenocarcinoma",
  grade: "G2",
  ecog: 1,
  biomarkers: [{ marker: "EGFR", value: "exon 19 deletion", method: "NGS" }, { marker: "PD-L1", value: "TPS 60%" }],
  intent: "Curative",
  modalities: ["Chemoradiation", "Systemic therapy"],
  trialIdentifier: null,
  sequence: "Concurrent chemoradiation, then durvalumab",
  recommendation: "Concurrent chemoradiation followed by consolidation durvalumab.",
  rationale: "Unresectable N2 disease.",
  guideline: "Concordant with guidelines",
  dissents: [{ name: "Dr Surgeon", specialty: "Surgery", opinion: "Would consider induction then surgery." }],
  quorate: true,
  quorumMissing: [],
  signedBy: "Dr Chair",
  signedAt: new Date("2026-03-03T14:30:00Z"),
  correctionReason: null,
  ...over,
});

function minutesOf(count: number, over: Partial<MinutesDocument> = {}): MinutesDocument {
  return {
    board: "Thoracic Oncology Board",
    startsAt,
    durationMinutes: 90,
    location: "Room 3.12",
    videoLink: null,
    status: "Finished",
    attendance: [
      { name: "Dr Radiologist", specialty: "Radiology", mode: "In room" },
      { name: "Dr Oncologist", specialty: "Medical oncology", mode: "Remote" },
    ],
    quorum: { required: ["Radiology", "Pathology"], met: false, missing: ["Pathology"] },
    items: Array.from({ length: count }, (_, i) => ({
      position: i + 1,
      patient: { ...patient, mrn: `MRN-${i + 1}` },
      diagnosis: "Adenocarcinoma, NOS, upper lobe, lung",
      clinicalQuestion: "Induction systemic therapy before surgery, or definitive chemoradiation?",
      status: "Discussed",
      deferredReason: null,
      decision: i % 3 === 2 ? null : decision({ signed: i % 2 === 0, signedBy: i % 2 === 0 ? "Dr Chair" : null, quorate: i % 2 === 0, quorumMissing: i % 2 === 0 ? [] : ["Pathology"] }),
    })),
    ...over,
  };
}

describe("toWinAnsi", () => {
  it("keeps what WinAnsi has and renders the rest as close as it can", () => {
    expect(toWinAnsi("Müller – “Zoë” Øster é ß €")).toBe("Müller – “Zoë” Øster é ß €");
    expect(toWinAnsi("Łukasz Wróbel, Ayşe Yılmaz, Đorđe")).toBe("Lukasz Wróbel, Ayse Yilmaz, Dorde");
    expect(toWinAnsi("Дмитрий Петров")).toBe("Dmitriy Petrov");
    expect(toWinAnsi("王 ≥ 5\tmm")).toBe("? >= 5 mm");
  });
});

describe("agenda PDF", () => {
  it("lists the meeting, the place, the video link and each case in order with its start time", async () => {
    const bytes = await renderAgendaPdf({
      board: "Thoracic Oncology Board",
      startsAt,
      durationMinutes: 30,
      location: "Room 3.12",
      videoLink: "https://video.example.org/mdt-thoracic",
      items: [
        { position: 1, patient, diagnosis: "Adenocarcinoma", questionType: "Primary treatment", clinicalQuestion: "Surgery or SBRT?", urgent: true, minutesBudget: 10 },
        { position: 2, patient: { ...patient, familyName: "Okafor", givenName: "Grace", mrn: "1CT1" }, diagnosis: null, questionType: "Staging", clinicalQuestion: "EBUS enough?", urgent: false, minutesBudget: 25 },
      ],
      letterhead,
    });
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    const text = pdfText(bytes);
    for (const s of ["Thoracic Oncology Board: agenda", "Room 3.12", "https://video.example.org/mdt-thoracic", "WRÓBEL, Lukasz", "MRN MRN-1", "OKAFOR, Grace", "URGENT", "SBRT?", "Page 1 of 1"]) {
      expect(text).toContain(s);
    }
    expect(text).toContain("35 minutes planned (5 over the meeting's time)");
    expect(text.indexOf("WRÓBEL")).toBeLessThan(text.indexOf("OKAFOR"));
  });
});

describe("minutes PDF", () => {
  it("holds attendance by specialty, the quorum and every case's decision, signed or draft", async () => {
    const text = pdfText(await renderMinutesPdf(minutesOf(3)));
    for (const s of ["Attendance", "Radiology", "Dr Radiologist (In room)", "Dr Oncologist (Remote)", "Quorum NOT met — missing: Pathology.", "cT2a N2 M0, stage IIIA", "EGFR: exon 19 deletion (NGS); PD-L1: TPS 60%", "Chemoradiation, Systemic therapy", "Unresectable N2 disease.", "Dr Surgeon (Surgery): Would consider", "Dr Chair,", "Draft — not signed (version 1)", "NOT quorate — missing Pathology", "No decision recorded"]) {
      expect(text).toContain(s);
    }
  });

  it("breaks 40 cases over many pages, each numbered n of m", async () => {
    const bytes = await renderMinutesPdf(minutesOf(40));
    const pages = pdfPageCount(bytes);
    expect(pages).toBeGreaterThanOrEqual(8);
    const text = pdfText(bytes);
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text).toContain("40. WRÓBEL, Lukasz — MRN MRN-40");
  });

  it("wraps a very long recommendation instead of running off the page", async () => {
    const long = "Proceed with the plan. ".repeat(400) + "https://example.org/" + "x".repeat(300);
    const bytes = await renderMinutesPdf(minutesOf(1, {}));
    const longBytes = await renderMinutesPdf({ ...minutesOf(1), items: [{ ...minutesOf(1).items[0]!, decision: decision({ recommendation: long }) }] });
    expect(pdfPageCount(longBytes)).toBeGreaterThan(pdfPageCount(bytes));
    expect(pdfText(longBytes)).toContain("Proceed with the plan.");
  });
});

describe("letter PDF", () => {
  it("has the letterhead, the recipient, the patient, the decision and the chair's signature", async () => {
    const text = pdfText(
      await renderLetterPdf({
        letterhead,
        recipient: { name: "Dr Анна Smith", address: "Practice Street 2\nExample", role: "general practitioner" },
        patient: { ...patient, sex: "Male" },
        diagnosis: "Adenocarcinoma, NOS (8140/3), upper lobe, lung (C34.1)",
        clinicalQuestion: "Surgery?",
        board: "Thoracic Oncology Board",
        meetingDate: startsAt,
        decision: decision(),
        chair: "Dr Chair",
      }),
    );
    for (const s of ["St. Example Hospital", "Thoracic Oncology", "1 Main Street", "mdt@example.org", "Dr Anna Smith", "Practice Street 2", "Re: WRÓBEL, Lukasz", "MRN MRN-1", "Concurrent chemoradiation followed by consolidation durvalumab.", "Yours sincerely,", "Dr Chair", "Chair, Thoracic Oncology Board"]) {
      expect(text).toContain(s);
    }
  });
});
