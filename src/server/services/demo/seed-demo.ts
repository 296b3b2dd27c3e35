import { randomBytes, randomUUID } from "node:crypto";
import type { ModalityName } from "@/domain/decisions/catalogue";
import type { PrismaClient, Specialty } from "@/generated/prisma/client";
import { hashPassword } from "../auth/verify-credentials";
import { DEMO_GPS, DEMO_PATIENTS, type DemoPatient } from "./demo-patients";
import { seedDemoImaging } from "./seed-demo-imaging";
import { DEMO_READINESS_RULES, DEMO_REFERRING_PHYSICIANS, seedDemoAttendance } from "./seed-demo-readiness";
import { seedOutcomeHistory } from "./seed-outcome-history";

export const DEMO_PASSWORD = "concilium-demo";

/** The demo GP: the practice is the first line of the address on file. */
function gpOf(mrn: string) {
  const gp = DEMO_GPS[mrn];
  if (!gp) return {};
  const [practice, ...address] = gp.address.split("\n");
  return { gpName: gp.name, gpPractice: practice ?? null, gpAddress: address.join("\n") || null };
}

function referringPhysicianOf(index: number) {
  const r = DEMO_REFERRING_PHYSICIANS[index % DEMO_REFERRING_PHYSICIANS.length]!;
  return { referringPhysicianName: r.name, referringPhysicianSpecialty: r.specialty, referringPhysicianAddress: r.address, referringPhysicianEmail: r.email };
}

const BOARDS = [
  { slug: "thoracic", name: "Thoracic Oncology Board", tumourSite: "thoracic", quorumSpecialties: ["RADIOLOGY", "PATHOLOGY", "MEDICAL_ONCOLOGY", "SURGERY", "RADIATION_ONCOLOGY"] },
  { slug: "breast", name: "Breast Cancer Board", tumourSite: "breast", quorumSpecialties: ["RADIOLOGY", "PATHOLOGY", "MEDICAL_ONCOLOGY", "SURGERY", "RADIATION_ONCOLOGY"] },
  { slug: "colorectal", name: "Colorectal Cancer Board", tumourSite: "colorectal", quorumSpecialties: ["RADIOLOGY", "PATHOLOGY", "MEDICAL_ONCOLOGY", "SURGERY"] },
] as const satisfies readonly { slug: string; name: string; tumourSite: string; quorumSpecialties: Specialty[] }[];

type BoardSlug = (typeof BOARDS)[number]["slug"];
const ALL: BoardSlug[] = ["thoracic", "breast", "colorectal"];

export const DEMO_USERS = [
  { email: "admin@concilium.test", name: "Alex Admin", role: "ADMIN", specialty: null, boards: [] },
  { email: "chair@concilium.test", name: "Dr Amara Chen", role: "CHAIR", specialty: "MEDICAL_ONCOLOGY", boards: ["thoracic", "colorectal"] },
  { email: "breast.chair@concilium.test", name: "Dr Helen Ward", role: "CHAIR", specialty: "SURGERY", boards: ["breast"] },
  { email: "coordinator@concilium.test", name: "Sam Patel", role: "COORDINATOR", specialty: null, boards: ALL },
  { email: "radiologist@concilium.test", name: "Dr Jonas Berg", role: "SPECIALIST", specialty: "RADIOLOGY", boards: ALL },
  { email: "pathologist@concilium.test", name: "Dr Lucia Romero", role: "SPECIALIST", specialty: "PATHOLOGY", boards: ALL },
  { email: "oncologist@concilium.test", name: "Dr Kwame Mensah", role: "SPECIALIST", specialty: "MEDICAL_ONCOLOGY", boards: ["thoracic", "breast"] },
  { email: "surgeon@concilium.test", name: "Dr Ines Varga", role: "SPECIALIST", specialty: "SURGERY", boards: ["thoracic", "colorectal"] },
  { email: "radiotherapist@concilium.test", name: "Dr Noor Aziz", role: "SPECIALIST", specialty: "RADIATION_ONCOLOGY", boards: ALL },
  { email: "nuclear@concilium.test", name: "Dr Pavel Dvorak", role: "SPECIALIST", specialty: "NUCLEAR_MEDICINE", boards: ["thoracic"] },
  { email: "researcher@concilium.test", name: "Dr Mira Lindqvist", role: "RESEARCHER", specialty: null, boards: ["thoracic"] },
] as const satisfies readonly { email: string; name: string; role: string; specialty: Specialty | null; boards: readonly BoardSlug[] }[];

/** Past decisions of the demo, by MRN: staging, intent and recommendation as a board would write them. */
const PAST_DECISIONS: Record<string, { prefix: "c" | "p" | "r"; t: string; n: string; m: string; stage: string; intent: "CURATIVE" | "PALLIATIVE"; recommendation: string; rationale: string; signed: boolean; outcomes?: { kind: "TREATMENT" | "DISEASE_STATUS" | "PROGRESSION"; treatment?: "SURGERY" | "SYSTEMIC_THERAPY" | "RADIOTHERAPY" | "OTHER"; diseaseStatus?: "RESPONDING" | "STABLE" | "PROGRESSING"; daysAfter: number; note: string }[] }> = {
  "123565": { prefix: "c", t: "T2a", n: "N1", m: "M1c", stage: "IVB", intent: "PALLIATIVE", recommendation: "First-line alectinib; stereotactic radiosurgery to the two largest brain lesions.", rationale: "ALK-positive, symptomatic brain metastases.", signed: true, outcomes: [{ kind: "TREATMENT", treatment: "SYSTEMIC_THERAPY", daysAfter: 5, note: "Alectinib started" }] },
  "MRN-100109": { prefix: "c", t: "T3", n: "N1", m: "M0", stage: "IIIA", intent: "CURATIVE", recommendation: "Induction chemoradiation (45 Gy) followed by re-staging and resection.", rationale: "Superior sulcus tumour, resectable after induction.", signed: true },
  "MRN-100110": { prefix: "c", t: "T2b", n: "N0", m: "M0", stage: "IIA", intent: "CURATIVE", recommendation: "Video-assisted thoracoscopy with pleural biopsies before final staging.", rationale: "Effusion unexplained after two negative cytologies.", signed: true },
  "MRN-200201": { prefix: "c", t: "T2", n: "N0", m: "M0", stage: "IIA", intent: "CURATIVE", recommendation: "Breast-conserving surgery with sentinel node biopsy, then radiotherapy and endocrine therapy.", rationale: "Unifocal, favourable biology.", signed: true, outcomes: [{ kind: "TREATMENT", treatment: "SURGERY", daysAfter: 10, note: "Lumpectomy and SLNB" }] },
  "MRN-200202": { prefix: "c", t: "T2", n: "N1", m: "M0", stage: "IIB", intent: "CURATIVE", recommendation: "Neoadjuvant pembrolizumab with carboplatin-paclitaxel, then anthracycline.", rationale: "Triple-negative, node-positive (KEYNOTE-522).", signed: true, outcomes: [{ kind: "TREATMENT", treatment: "SYSTEMIC_THERAPY", daysAfter: 6, note: "Cycle 1" }] },
  "MRN-200203": { prefix: "c", t: "T2", n: "N0", m: "M0", stage: "IIA", intent: "CURATIVE", recommendation: "MRI-guided biopsy of the second lesion before deciding on mastectomy.", rationale: "Multicentricity not proven.", signed: true },
  "MRN-200204": { prefix: "p", t: "T1c", n: "N1a", m: "M0", stage: "IIA", intent: "CURATIVE", recommendation: "Adjuvant T-DM1 for 14 cycles; radiotherapy to breast and regional nodes.", rationale: "Residual invasive disease after neoadjuvant HER2-directed therapy (KATHERINE).", signed: true },
  "MRN-200205": { prefix: "c", t: "T1c", n: "N0", m: "M0", stage: "IA", intent: "CURATIVE", recommendation: "Mastectomy with contralateral risk-reducing mastectomy and reconstruction; genetics follow-up.", rationale: "BRCA2 carrier, patient's informed preference.", signed: true },
  "MRN-200206": { prefix: "c", t: "T1b", n: "N0", m: "M0", stage: "IA", intent: "CURATIVE", recommendation: "Salvage mastectomy; discuss re-irradiation afterwards.", rationale: "Isolated local recurrence, no distant disease on PET-CT.", signed: false },
  "MRN-300307": { prefix: "c", t: "T4a", n: "N2a", m: "M1c", stage: "IVC", intent: "PALLIATIVE", recommendation: "FOLFIRI-bevacizumab; screen for the KRAS G12C trial.", rationale: "Peritoneal disease not amenable to cytoreduction.", signed: true, outcomes: [{ kind: "TREATMENT", treatment: "SYSTEMIC_THERAPY", daysAfter: 8, note: "FOLFIRI-bevacizumab cycle 1" }, { kind: "DISEASE_STATUS", diseaseStatus: "STABLE", daysAfter: 19, note: "Interim CT stable" }] },
  "MRN-300308": { prefix: "p", t: "T1", n: "N0", m: "M0", stage: "I", intent: "CURATIVE", recommendation: "Completion segmental colectomy with lymphadenectomy.", rationale: "Haggitt level 4: risk of nodal disease about 10%.", signed: true },
  "MRN-300309": { prefix: "r", t: "T3", n: "N0", m: "M0", stage: "IIA", intent: "CURATIVE", recommendation: "Biopsy of the presacral lesion; if confirmed, exenterative surgery at the referral centre.", rationale: "Isolated pelvic recurrence.", signed: true },
  "MRN-300310": { prefix: "c", t: "T2", n: "N0", m: "M0", stage: "I", intent: "CURATIVE", recommendation: "Subtotal colectomy; annual endoscopy of the rectum.", rationale: "Lynch syndrome: high metachronous cancer risk.", signed: false },
};

/** What each past decision recommends, as modalities (a signed decision names at least one). */
const PAST_MODALITIES: Record<keyof typeof PAST_DECISIONS, ModalityName[]> = {
  "123565": ["SYSTEMIC_THERAPY", "RADIOTHERAPY"],
  "MRN-100109": ["CHEMORADIATION", "SURGERY"],
  "MRN-100110": ["FURTHER_DIAGNOSTICS"],
  "MRN-200201": ["SURGERY", "RADIOTHERAPY", "SYSTEMIC_THERAPY"],
  "MRN-200202": ["SYSTEMIC_THERAPY", "SURGERY"],
  "MRN-200203": ["FURTHER_DIAGNOSTICS"],
  "MRN-200204": ["SYSTEMIC_THERAPY", "RADIOTHERAPY"],
  "MRN-200205": ["SURGERY"],
  "MRN-200206": ["SURGERY"],
  "MRN-300307": ["SYSTEMIC_THERAPY"],
  "MRN-300308": ["SURGERY"],
  "MRN-300309": ["FURTHER_DIAGNOSTICS", "SURGERY"],
  "MRN-300310": ["SURGERY"],
};

const DAY = 24 * 60 * 60 * 1000;

/** The next given weekday (0 = Sunday) at least `minDaysAhead` days after `now`, at hh:mm local time. */
function nextWeekday(now: Date, weekday: number, hour: number, minute: number, minDaysAhead = 1): Date {
  const d = new Date(now.getTime() + minDaysAhead * DAY);
  d.setHours(hour, minute, 0, 0);
  while (d.getDay() !== weekday) d.setTime(d.getTime() + DAY);
  return d;
}

const calendarDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const dateOnly = (d: Date) => new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
const pseudonym = () => `CON-${randomBytes(5).toString("hex").toUpperCase()}`;

/**
 * Fills an empty database with the demo: 3 boards, 30 patients with referrals, users for every role, two upcoming
 * meetings with agendas and three past meetings with decisions and outcomes, plus real imaging where available.
 */
export async function seedDemo(db: PrismaClient, { now }: { now: Date }): Promise<string> {
  const boards = new Map<BoardSlug, string>();
  for (const b of BOARDS) {
    const board = await db.board.create({ data: { ...b, quorumSpecialties: [...b.quorumSpecialties] } });
    boards.set(b.slug, board.id);
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = new Map<string, string>();
  for (const u of DEMO_USERS) {
    const user = await db.user.create({
      data: {
        email: u.email,
        name: u.name,
        role: u.role,
        specialty: u.specialty,
        passwordHash,
        memberships: { create: u.boards.map((slug) => ({ boardId: boards.get(slug)! })) },
      },
    });
    users.set(u.email, user.id);
  }
  const userId = (email: (typeof DEMO_USERS)[number]["email"]) => users.get(email)!;

  for (const b of BOARDS) {
    const chair = b.slug === "breast" ? userId("breast.chair@concilium.test") : userId("chair@concilium.test");
    await db.readinessRuleSet.create({ data: { boardId: boards.get(b.slug)!, version: 1, rules: DEMO_READINESS_RULES[b.slug] as object[], createdById: chair, createdAt: new Date(now.getTime() - 60 * DAY) } });
  }

  const referrers: Record<BoardSlug, string> = {
    thoracic: userId("oncologist@concilium.test"),
    breast: userId("oncologist@concilium.test"),
    colorectal: userId("surgeon@concilium.test"),
  };

  const byBoard = (slug: BoardSlug) => DEMO_PATIENTS.filter((p) => p.board === slug);
  const thoracicNext = nextWeekday(now, 2, 7, 30, 1);
  const colorectalNext = nextWeekday(now, 4, 7, 30, 1);
  const meetings: { board: BoardSlug; startsAt: Date; minutes: number; location: string; past: boolean; patients: DemoPatient[]; absent?: Specialty | null }[] = [
    { board: "thoracic", startsAt: thoracicNext, minutes: 90, location: "Room 3.12, Thoracic Oncology", past: false, patients: byBoard("thoracic").slice(0, 7) },
    { board: "colorectal", startsAt: colorectalNext, minutes: 60, location: "Video conference", past: false, patients: byBoard("colorectal").slice(0, 6) },
    { board: "thoracic", startsAt: new Date(thoracicNext.getTime() - 7 * DAY), minutes: 90, location: "Room 3.12, Thoracic Oncology", past: true, patients: byBoard("thoracic").slice(7), absent: null },
    { board: "breast", startsAt: new Date(now.getTime() - 14 * DAY), minutes: 60, location: "Breast Unit seminar room", past: true, patients: byBoard("breast").slice(0, 6), absent: null },
    // The pathologist was away: this meeting's decisions were made without quorum, and say so.
    { board: "colorectal", startsAt: new Date(colorectalNext.getTime() - 21 * DAY), minutes: 60, location: "Video conference", past: true, patients: byBoard("colorectal").slice(6), absent: "PATHOLOGY" },
  ];

  // A case is referred before any meeting discusses it: at least five days before its past meeting.
  const firstPastMeeting = new Map<string, Date>();
  for (const m of meetings) {
    if (!m.past) continue;
    for (const p of m.patients) if (!firstPastMeeting.has(p.mrn) || firstPastMeeting.get(p.mrn)! > m.startsAt) firstPastMeeting.set(p.mrn, m.startsAt);
  }

  const caseIds = new Map<string, { caseId: string; patientId: string }>();
  for (const [index, p] of DEMO_PATIENTS.entries()) {
    const pastMeeting = firstPastMeeting.get(p.mrn);
    const referredAt = new Date(Math.min(now.getTime() - (30 - index) * DAY, pastMeeting ? pastMeeting.getTime() - 5 * DAY : Infinity));
    const patient = await db.patient.create({
      data: {
        mrn: p.mrn,
        familyName: p.familyName,
        givenName: p.givenName,
        birthDate: calendarDate(p.birthDate),
        sex: p.sex,
        researchPseudonym: pseudonym(),
        ...gpOf(p.mrn),
        conditions: {
          create: {
            topographyCode: p.topography[0],
            topographyDisplay: p.topography[1],
            morphologyCode: p.morphology[0],
            morphologyDisplay: p.morphology[1],
            diagnosisDate: dateOnly(new Date(referredAt.getTime() - 10 * DAY)),
          },
        },
      },
      include: { conditions: true },
    });
    const kase = await db.case.create({
      data: {
        patientId: patient.id,
        boardId: boards.get(p.board)!,
        conditionId: patient.conditions[0]!.id,
        questionType: p.questionType,
        clinicalQuestion: p.question,
        referringUserId: referrers[p.board],
        urgency: p.urgency,
        createdAt: referredAt,
        // Most referrals name the physician who gets the letter; every fifth has none on file (KOWALSKI among them,
        // whose letter journey shows what is missing).
        ...(index % 5 === 3 ? {} : referringPhysicianOf(index)),
        // ECOG recorded at referral for two cases in three, so readiness differs between cases.
        ...(index % 3 === 2 ? {} : { ecog: index % 2, ecogRecordedAt: referredAt }),
      },
    });
    caseIds.set(p.mrn, { caseId: kase.id, patientId: patient.id });
  }

  let decisions = 0;
  for (const m of meetings) {
    const meeting = await db.meeting.create({
      data: {
        boardId: boards.get(m.board)!,
        startsAt: m.startsAt,
        durationMinutes: m.minutes,
        location: m.location,
        status: m.past ? "FINISHED" : "PLANNED",
        startedAt: m.past ? m.startsAt : null,
        finishedAt: m.past ? new Date(m.startsAt.getTime() + m.minutes * 60_000) : null,
        publishedAt: m.past ? new Date(m.startsAt.getTime() - 2 * DAY) : null,
      },
    });
    // Attendance first: the decisions record the quorum (and, without it, why the chair signed) as they are created.
    const quorum = m.past ? await seedDemoAttendance(db, meeting.id, { absentSpecialty: m.absent ?? null, recordedById: userId("coordinator@concilium.test") }) : null;
    for (const [position, p] of m.patients.entries()) {
      const { caseId, patientId } = caseIds.get(p.mrn)!;
      // The past meeting's cases were discussed in order, each in its slot of the meeting's time.
      const slot = Math.floor((m.minutes * 60_000) / (m.patients.length + 1));
      const discussedAt = m.past ? new Date(m.startsAt.getTime() + position * slot) : null;
      await db.agendaItem.create({
        data: { meetingId: meeting.id, caseId, position: position + 1, minutesBudget: p.urgency === "URGENT" ? 10 : 5, status: m.past ? "DISCUSSED" : "PENDING", discussedAt },
      });
      await db.case.update({ where: { id: caseId }, data: { status: m.past ? "DISCUSSED" : "SCHEDULED" } });
      const past = PAST_DECISIONS[p.mrn];
      if (!m.past || !past) continue;
      const chair = m.board === "breast" ? userId("breast.chair@concilium.test") : userId("chair@concilium.test");
      // Recorded while the case was discussed, and signed before the board moved on.
      const recordedAt = new Date(discussedAt!.getTime() + slot / 3);
      const signedAt = past.signed ? new Date(discussedAt!.getTime() + (2 * slot) / 3) : null;
      const decision = await db.decision.create({
        data: {
          caseId,
          meetingId: meeting.id,
          tnmPrefix: past.prefix,
          tCategory: past.t,
          nCategory: past.n,
          mCategory: past.m,
          stageGroup: past.stage,
          // The histology the pathologist reported: the diagnosis's morphology.
          histology: p.morphology[1],
          intent: past.intent,
          modalities: PAST_MODALITIES[p.mrn as keyof typeof PAST_DECISIONS] ?? [],
          recommendation: past.recommendation,
          rationale: past.rationale,
          status: past.signed ? "SIGNED" : "DRAFT",
          recordedById: userId("coordinator@concilium.test"),
          signedById: past.signed ? chair : null,
          signedAt,
          quorate: quorum?.quorate ?? null,
          quorumMissing: quorum?.missing ?? [],
          // The same rule as in the app: signing without quorum says why.
          quorumOverrideReason: past.signed && quorum && !quorum.quorate ? "Pathology had reported the biopsy in writing; the board did not wait for the next meeting." : null,
          createdAt: recordedAt,
          // Last saved when recorded, or when signed: never a save after the signature.
          updatedAt: signedAt ?? recordedAt,
        },
      });
      decisions += 1;
      for (const o of past.outcomes ?? []) {
        const occurredOn = dateOnly(new Date(m.startsAt.getTime() + o.daysAfter * DAY));
        // No outcome dated in the future: one that has not happened yet by `now` is left out.
        if (occurredOn.getTime() > now.getTime()) continue;
        const outcomeId = randomUUID();
        await db.outcome.create({
          data: { id: outcomeId, lineageId: outcomeId, patientId, caseId, decisionId: decision.id, kind: o.kind, treatment: o.treatment, diseaseStatus: o.diseaseStatus, evidence: o.diseaseStatus ? ["IMAGING"] : [], source: "DEMO", occurredOn, note: o.note, recordedById: userId("coordinator@concilium.test"), createdAt: new Date(Math.max(occurredOn.getTime(), signedAt?.getTime() ?? 0)) },
        });
      }
    }
  }

  const imaging = await seedDemoImaging(db, {
    now,
    patients: new Map([...caseIds].map(([mrn, v]) => [mrn, v.patientId])),
    radiologistId: userId("radiologist@concilium.test"),
  });

  // Years of past decisions with follow-up, drawn from a real survival cohort: indicators and curves need history.
  const history = await seedOutcomeHistory(db, {
    now,
    boards,
    chairs: { thoracic: userId("chair@concilium.test"), colorectal: userId("chair@concilium.test"), breast: userId("breast.chair@concilium.test") },
    coordinatorId: userId("coordinator@concilium.test"),
    referrers,
  });

  return `${BOARDS.length} boards, ${DEMO_PATIENTS.length} patients, ${DEMO_USERS.length} users, ${meetings.length} meetings, ${decisions} decisions; imaging: ${imaging}; ${history}`;
}
