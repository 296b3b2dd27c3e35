// Minutes PDF of a 40-case meeting: time and memory. Figures only, never a verdict.
//
// Wiring into bench/run.ts (the embedded database is opened by one process at a time):
//   while the bench database is open:  const minutes = await prepareMinutesBench(db.prisma);
//                                      figures = await measureMinutesPdfInProcess(db.prisma, minutes.meetingId);
//   after the server is up:            await measureMinutesPdfOverHttp(BASE, cookie, minutes.meetingId);
// Standalone (in-memory PGlite, no server): npx tsx bench/minutes-pdf.ts
import { pathToFileURL } from "node:url";
import type { PrismaClient } from "@/generated/prisma/client";
import { pdfPageCount } from "@/integrations/pdf/read-pdf-text";
import { renderMinutesPdf } from "@/integrations/pdf/minutes-pdf";
import { loadMinutes } from "@/server/services/documents/document-data";
import { meetingMinutesPdf } from "@/server/services/documents/meeting-documents";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/**
 * A finished meeting on the thoracic board with `size` cases, each with a full signed decision (staging,
 * biomarkers, modalities, dissent), and attendance of every board member. Needs the demo seed's board and users.
 */
export async function prepareMinutesBench(db: PrismaClient, size = 40): Promise<{ meetingId: string }> {
  const board = await db.board.findUniqueOrThrow({ where: { slug: "thoracic" }, include: { memberships: { include: { user: true } } } });
  const chair = board.memberships.find((m) => m.user.role === "CHAIR")!.user;
  const coordinator = board.memberships.find((m) => m.user.role === "COORDINATOR")!.user;
  const meeting = await db.meeting.create({
    data: { boardId: board.id, startsAt: new Date(Date.now() - 86_400_000), durationMinutes: size * 4, location: `Minutes benchmark (${size})`, status: "FINISHED" },
  });
  await db.attendance.createMany({
    data: board.memberships.map((m) => ({ meetingId: meeting.id, userId: m.userId, specialty: m.user.specialty ?? "OTHER", mode: "IN_ROOM" as const })),
  });
  for (let i = 0; i < size; i++) {
    const patient = await db.patient.create({
      data: {
        mrn: `MIN-${size}-${i}-${meeting.id.slice(-6)}`,
        familyName: `Minutes${i}`,
        givenName: i % 3 ? "Łucja" : "Søren",
        birthDate: new Date(Date.UTC(1945 + (i % 35), i % 12, 1 + (i % 28))),
        sex: i % 2 ? "FEMALE" : "MALE",
        researchPseudonym: `CON-MIN-${size}-${i}-${meeting.id.slice(-6)}`,
        gpName: "Dr General Practitioner",
        conditions: { create: { topographyCode: "C34.1", topographyDisplay: "Upper lobe, lung", morphologyCode: "8140/3", morphologyDisplay: "Adenocarcinoma, NOS" } },
      },
      include: { conditions: true },
    });
    const kase = await db.case.create({
      data: { patientId: patient.id, boardId: board.id, conditionId: patient.conditions[0]!.id, questionType: "PRIMARY_TREATMENT", clinicalQuestion: "Induction systemic therapy before surgery, or definitive chemoradiation? Fit for both; PET-CT and EBUS done.", referringUserId: coordinator.id, status: "DISCUSSED" },
    });
    await db.agendaItem.create({ data: { meetingId: meeting.id, caseId: kase.id, position: i + 1, minutesBudget: 4, status: "DISCUSSED" } });
    await db.decision.create({
      data: {
        caseId: kase.id,
        meetingId: meeting.id,
        status: "SIGNED",
        tnmPrefix: "c",
        tCategory: "T2a",
        nCategory: "N2",
        mCategory: "M0",
        stageGroup: "IIIA",
        histology: "Adenocarcinoma, acinar predominant",
        grade: "G2",
        ecog: i % 3,
        biomarkers: [{ marker: "EGFR", value: "exon 19 deletion", method: "NGS" }, { marker: "PD-L1", value: "TPS 60%", method: "22C3" }, { marker: "ALK", value: "negative" }],
        intent: "CURATIVE",
        modalities: ["CHEMORADIATION", "SYSTEMIC_THERAPY"],
        sequence: "Concurrent chemoradiation (60 Gy in 30 fractions), then consolidation osimertinib for three years.",
        recommendation: "Definitive concurrent chemoradiation followed by consolidation osimertinib; re-staging CT after 3 months. Dietitian and smoking cessation referral.",
        rationale: "Unresectable multistation N2 disease, EGFR exon 19 deletion (LAURA). Good performance status.",
        guidelineConcordant: true,
        dissents: i % 4 === 0 ? [{ name: "Dr Surgeon", specialty: "SURGERY", opinion: "Would consider induction followed by resection in single-station N2." }] : [],
        quorate: true,
        quorumMissing: [],
        recordedById: coordinator.id,
        signedById: chair.id,
        signedAt: new Date(),
      },
    });
  }
  return { meetingId: meeting.id };
}

export interface MinutesPdfFigures {
  cases: number;
  pages: number;
  bytes: number;
  /** Load from the database + render, median of `runs` (the route's work without HTTP). */
  loadAndRenderMsMedian: number;
  /** Rendering alone, from plain data. */
  renderMsMedian: number;
  heapDeltaMiBMedian: number;
  rssDeltaMiBMax: number;
  runs: number;
}

/** In-process: the same service the route calls, timed; memory as heap and RSS deltas around each render. */
export async function measureMinutesPdfInProcess(db: PrismaClient, meetingId: string, runs = 7): Promise<MinutesPdfFigures> {
  const actor = await db.user.findFirstOrThrow({ where: { role: "COORDINATOR" } });
  const { document } = await loadMinutes(db, meetingId);
  await renderMinutesPdf(document); // warm: fonts, JIT
  const full: number[] = [];
  const render: number[] = [];
  const heap: number[] = [];
  let rssMax = 0;
  let last: Uint8Array = new Uint8Array();
  for (let i = 0; i < runs; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage();
    let t = performance.now();
    const file = await meetingMinutesPdf(db, actor, meetingId);
    full.push(performance.now() - t);
    const after = process.memoryUsage();
    heap.push(after.heapUsed - before.heapUsed);
    rssMax = Math.max(rssMax, after.rss - before.rss);
    t = performance.now();
    last = await renderMinutesPdf(document);
    render.push(performance.now() - t);
    if (i === 0) last = file.bytes;
  }
  return {
    cases: document.items.length,
    pages: pdfPageCount(last),
    bytes: last.length,
    loadAndRenderMsMedian: Math.round(median(full) * 10) / 10,
    renderMsMedian: Math.round(median(render) * 10) / 10,
    heapDeltaMiBMedian: mib(median(heap)),
    rssDeltaMiBMax: mib(rssMax),
    runs,
  };
}

/** Over HTTP against the running server: GET /api/meetings/{id}/minutes.pdf with a signed-in cookie. */
export async function measureMinutesPdfOverHttp(base: string, cookie: string, meetingId: string, runs = 7): Promise<{ httpMsMedian: number; bytes: number; status: number }> {
  const url = `${base}/api/meetings/${meetingId}/minutes.pdf`;
  let bytes = 0;
  let status = 0;
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    const body = new Uint8Array(await response.arrayBuffer());
    if (i > 0) times.push(performance.now() - t); // the first request warms the route
    bytes = body.length;
    status = response.status;
  }
  return { httpMsMedian: Math.round(median(times) * 10) / 10, bytes, status };
}

/** Standalone: an in-memory database with a thoracic board, then the in-process figures. */
async function main() {
  const { createTestDatabase } = await import("@/server/testing/test-database");
  const database = await createTestDatabase();
  try {
    const db = database.prisma;
    const board = await db.board.create({ data: { slug: "thoracic", name: "Thoracic Oncology Board", tumourSite: "thoracic", quorumSpecialties: ["RADIOLOGY", "PATHOLOGY"] } });
    for (const [email, role, specialty] of [
      ["chair@bench.test", "CHAIR", "MEDICAL_ONCOLOGY"],
      ["coordinator@bench.test", "COORDINATOR", null],
      ["radiologist@bench.test", "SPECIALIST", "RADIOLOGY"],
      ["pathologist@bench.test", "SPECIALIST", "PATHOLOGY"],
    ] as const) {
      await db.user.create({ data: { email, name: email.split("@")[0]!, role, specialty, memberships: { create: { boardId: board.id } } } });
    }
    const { meetingId } = await prepareMinutesBench(db, 40);
    const figures = await measureMinutesPdfInProcess(db, meetingId);
    console.log(`Minutes PDF, ${figures.cases} cases: ${figures.pages} pages, ${(figures.bytes / 1024).toFixed(0)} KiB`);
    console.log(`  load + render (median of ${figures.runs}): ${figures.loadAndRenderMsMedian} ms; render alone: ${figures.renderMsMedian} ms`);
    console.log(`  heap delta (median): ${figures.heapDeltaMiBMedian} MiB; RSS delta (max): ${figures.rssDeltaMiBMax} MiB`);
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
