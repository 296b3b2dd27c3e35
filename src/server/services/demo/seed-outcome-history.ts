/**
 * The demo's history: a few hundred past signed decisions with what followed, so that quality indicators, survival
 * curves and similar cases have something real to show.
 *
 * Survival comes from a real cohort: the NCCTG advanced lung cancer study (`outcomes/ncctg-lung.csv` in the shared
 * data folder, 228 patients). Each history case takes one real row's survival time and status, age, sex and ECOG;
 * everything else (stage, histology, biomarkers, what the board recommended and what was given) is drawn around it
 * with a fixed seed, so every run of the seed produces the same history. Day 0 is the discussion; a death or last
 * contact that would fall after the seed's `now` becomes an "alive at last contact" before `now` (administrative
 * censoring), so no date is ever in the future.
 */
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ModalityName } from "@/domain/decisions/catalogue";
import { evaluateQuorum } from "@/domain/meetings/quorum";
import { computeStageGroup } from "@/domain/staging/stage-group";
import type { StagingSite } from "@/domain/staging/tnm";
import type { Prisma, PrismaClient, Specialty } from "@/generated/prisma/client";
import { locateDemoData } from "@/integrations/demo-data/locate-demo-data";

type BoardSlug = "thoracic" | "breast" | "colorectal";

/** How many history cases each board gets: mostly thoracic, since the survival data are from lung cancer. */
export const HISTORY_CASES: Record<BoardSlug, number> = { thoracic: 200, breast: 50, colorectal: 50 };
/** History spans this many days before `now`, the latest discussion at least HISTORY_GAP_DAYS ago. */
const HISTORY_SPAN_DAYS = 4 * 365;
const HISTORY_GAP_DAYS = 35;
const DAY = 86_400_000;

/** One patient of the NCCTG cohort. */
export interface NcctgRow {
  timeDays: number;
  died: boolean;
  age: number;
  sex: "MALE" | "FEMALE";
  ecog: number | null;
}

/** The NCCTG rows of the CSV (header: inst,time,status,age,sex,ph.ecog,...; NA where unknown). */
export function parseNcctg(csv: string): NcctgRow[] {
  const [header, ...lines] = csv.trim().split(/\r?\n/);
  const names = header!.split(",").map((h) => h.replace(/"/g, ""));
  const col = (name: string) => names.indexOf(name);
  const [time, status, age, sex, ecog] = ["time", "status", "age", "sex", "ph.ecog"].map(col) as [number, number, number, number, number];
  return lines.map((line) => {
    const cells = line.split(",").map((c) => c.replace(/"/g, ""));
    const num = (i: number) => (cells[i] === "NA" || cells[i] === undefined ? null : Number(cells[i]));
    return { timeDays: num(time)!, died: num(status) === 2, age: num(age)!, sex: num(sex) === 2 ? "FEMALE" : "MALE", ecog: num(ecog) };
  });
}

/** A small seeded PRNG (mulberry32): the same seed gives the same history on every machine. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  /** One of the items, by weight. */
  const weighted = <T>(items: readonly (readonly [T, number])[]): T => {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = next() * total;
    for (const [item, w] of items) if ((r -= w) < 0) return item;
    return items[items.length - 1]![0];
  };
  return { next, int, pick, weighted, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof seededRandom>;

interface Staging {
  t: string;
  n: string;
  m: string;
}

/** Stagings per site, from early to advanced; a case draws from a band of this list that fits its survival. */
const STAGINGS: Record<StagingSite, Staging[]> = {
  lung: [
    { t: "T1a", n: "N0", m: "M0" }, { t: "T1b", n: "N0", m: "M0" }, { t: "T1c", n: "N0", m: "M0" }, { t: "T2a", n: "N0", m: "M0" },
    { t: "T2b", n: "N0", m: "M0" }, { t: "T1c", n: "N1", m: "M0" }, { t: "T3", n: "N0", m: "M0" }, { t: "T2a", n: "N1", m: "M0" },
    { t: "T3", n: "N1", m: "M0" }, { t: "T1c", n: "N2", m: "M0" }, { t: "T2a", n: "N2", m: "M0" }, { t: "T4", n: "N1", m: "M0" },
    { t: "T3", n: "N2", m: "M0" }, { t: "T4", n: "N2", m: "M0" }, { t: "T2b", n: "N3", m: "M0" }, { t: "T3", n: "N3", m: "M0" },
    { t: "T2a", n: "N1", m: "M1a" }, { t: "T3", n: "N2", m: "M1b" }, { t: "T2b", n: "N2", m: "M1a" }, { t: "T4", n: "N2", m: "M1c" },
    { t: "T3", n: "N3", m: "M1c" }, { t: "T2a", n: "N2", m: "M1c" },
  ],
  breast: [
    { t: "T1c", n: "N0", m: "M0" }, { t: "T1b", n: "N0", m: "M0" }, { t: "T2", n: "N0", m: "M0" }, { t: "T1c", n: "N1", m: "M0" },
    { t: "T2", n: "N1", m: "M0" }, { t: "T3", n: "N0", m: "M0" }, { t: "T3", n: "N1", m: "M0" }, { t: "T2", n: "N2", m: "M0" },
    { t: "T4b", n: "N1", m: "M0" }, { t: "T2", n: "N1", m: "M1" },
  ],
  colorectal: [
    { t: "T1", n: "N0", m: "M0" }, { t: "T2", n: "N0", m: "M0" }, { t: "T3", n: "N0", m: "M0" }, { t: "T4a", n: "N0", m: "M0" },
    { t: "T3", n: "N1a", m: "M0" }, { t: "T3", n: "N1b", m: "M0" }, { t: "T4a", n: "N2a", m: "M0" }, { t: "T3", n: "N1a", m: "M1a" },
    { t: "T4a", n: "N2b", m: "M1b" }, { t: "T4b", n: "N2a", m: "M1c" },
  ],
};

const SITE_OF_BOARD: Record<BoardSlug, StagingSite> = { thoracic: "lung", breast: "breast", colorectal: "colorectal" };

const TOPOGRAPHIES: Record<StagingSite, readonly (readonly [[string, string], number])[]> = {
  lung: [[["C34.1", "Upper lobe, lung"], 5], [["C34.3", "Lower lobe, lung"], 3], [["C34.2", "Middle lobe, lung"], 1], [["C34.0", "Main bronchus"], 1]],
  breast: [[["C50.4", "Upper-outer quadrant of breast"], 5], [["C50.2", "Upper-inner quadrant of breast"], 2], [["C50.9", "Breast, NOS"], 1]],
  colorectal: [[["C18.7", "Sigmoid colon"], 4], [["C18.2", "Ascending colon"], 2], [["C20.9", "Rectum, NOS"], 3]],
};

/** Histology as the decision names it, with the condition's ICD-O-3 morphology. */
const HISTOLOGY: Record<StagingSite, readonly (readonly [{ name: string; code: string; display: string }, number])[]> = {
  lung: [
    [{ name: "Adenocarcinoma", code: "8140/3", display: "Adenocarcinoma, NOS" }, 55],
    [{ name: "Squamous cell carcinoma", code: "8070/3", display: "Squamous cell carcinoma, NOS" }, 27],
    [{ name: "Small cell carcinoma", code: "8041/3", display: "Small cell carcinoma, NOS" }, 10],
    [{ name: "Large cell carcinoma", code: "8012/3", display: "Large cell carcinoma, NOS" }, 3],
    [{ name: "Non-small cell carcinoma, NOS", code: "8046/3", display: "Non-small cell carcinoma" }, 5],
  ],
  breast: [
    [{ name: "Invasive carcinoma of no special type (ductal)", code: "8500/3", display: "Infiltrating duct carcinoma, NOS" }, 8],
    [{ name: "Invasive lobular carcinoma", code: "8520/3", display: "Lobular carcinoma, NOS" }, 2],
  ],
  colorectal: [
    [{ name: "Adenocarcinoma", code: "8140/3", display: "Adenocarcinoma, NOS" }, 9],
    [{ name: "Mucinous adenocarcinoma", code: "8480/3", display: "Mucinous adenocarcinoma" }, 1],
  ],
};

function biomarkersFor(site: StagingSite, histology: string, r: Random): { marker: string; value: string }[] {
  if (site === "lung") {
    const pdl1 = { marker: "PD-L1", value: r.weighted([["<1%", 35], ["1-49%", 35], [">=50%", 30]] as const) };
    if (histology !== "Adenocarcinoma") return histology === "Small cell carcinoma" ? [] : [pdl1];
    const driver = r.weighted([["EGFR19", 9], ["EGFR858", 6], ["ALK", 5], ["KRAS", 13], ["none", 67]] as const);
    return [
      { marker: "EGFR", value: driver === "EGFR19" ? "Exon 19 deletion" : driver === "EGFR858" ? "L858R" : "Wild type" },
      { marker: "ALK", value: driver === "ALK" ? "Rearranged" : "Negative" },
      { marker: "KRAS", value: driver === "KRAS" ? "G12C" : "Wild type" },
      pdl1,
    ];
  }
  if (site === "breast") {
    const subtype = r.weighted([["luminal", 70], ["her2", 15], ["tn", 15]] as const);
    return [
      { marker: "ER", value: subtype === "luminal" ? "Positive (>10%)" : "Negative (<1%)" },
      { marker: "PR", value: subtype === "luminal" ? "Positive (>=1%)" : "Negative (<1%)" },
      { marker: "HER2", value: subtype === "her2" ? "3+" : r.pick(["0", "1+"]) },
      { marker: "Ki-67", value: r.pick(["<20%", ">=20%"]) },
    ];
  }
  return [
    { marker: "MSI", value: r.chance(0.12) ? "MSI-H / dMMR" : "MSS / pMMR" },
    { marker: "KRAS", value: r.weighted([["Wild type", 55], ["G12C", 4], ["Other mutation", 41]] as const) },
    { marker: "BRAF", value: r.chance(0.08) ? "V600E" : "Wild type" },
  ];
}

interface Plan {
  intent: "CURATIVE" | "PALLIATIVE" | "NONE";
  modalities: ModalityName[];
  recommendation: string;
  sequence: string;
}

/** What a board recommends for a stage group and fitness: the common pathways, in words a board would write. */
function planFor(site: StagingSite, stageGroup: string, ecog: number | null, histology: string, biomarkers: { marker: string; value: string }[], r: Random): Plan {
  const frail = (ecog ?? 1) >= 3;
  const advanced = stageGroup.startsWith("IV");
  if (frail && (advanced || r.chance(0.5))) {
    return { intent: "NONE", modalities: ["BEST_SUPPORTIVE_CARE"], recommendation: "Best supportive care with the palliative care team; no anticancer treatment at present.", sequence: "" };
  }
  const has = (marker: string, value: string) => biomarkers.some((b) => b.marker === marker && b.value === value);
  if (site === "lung") {
    if (advanced) {
      if (has("EGFR", "Exon 19 deletion") || has("EGFR", "L858R")) return { intent: "PALLIATIVE", modalities: ["SYSTEMIC_THERAPY"], recommendation: "First-line osimertinib; CT every 12 weeks.", sequence: "" };
      if (has("ALK", "Rearranged")) return { intent: "PALLIATIVE", modalities: ["SYSTEMIC_THERAPY"], recommendation: "First-line alectinib; brain MRI at baseline.", sequence: "" };
      if (r.chance(0.12)) return { intent: "PALLIATIVE", modalities: ["CLINICAL_TRIAL", "SYSTEMIC_THERAPY"], recommendation: "Screen for the first-line immunotherapy trial; otherwise platinum doublet with pembrolizumab.", sequence: "" };
      if (histology === "Small cell carcinoma") return { intent: "PALLIATIVE", modalities: ["SYSTEMIC_THERAPY"], recommendation: "Carboplatin-etoposide with atezolizumab.", sequence: "" };
      return has("PD-L1", ">=50%")
        ? { intent: "PALLIATIVE", modalities: ["SYSTEMIC_THERAPY"], recommendation: "First-line pembrolizumab monotherapy.", sequence: "" }
        : { intent: "PALLIATIVE", modalities: ["SYSTEMIC_THERAPY"], recommendation: "Platinum doublet with pembrolizumab for four cycles, then maintenance.", sequence: "" };
    }
    if (stageGroup.startsWith("I") && !stageGroup.startsWith("III")) {
      if ((ecog ?? 0) >= 2) return { intent: "CURATIVE", modalities: ["RADIOTHERAPY"], recommendation: "Stereotactic body radiotherapy, 3 x 18 Gy.", sequence: "" };
      return stageGroup.startsWith("II")
        ? { intent: "CURATIVE", modalities: ["SURGERY", "SYSTEMIC_THERAPY"], recommendation: "Lobectomy with systematic nodal dissection, then adjuvant cisplatin-vinorelbine.", sequence: "surgery, then adjuvant chemotherapy" }
        : { intent: "CURATIVE", modalities: ["SURGERY"], recommendation: "Video-assisted lobectomy with systematic nodal dissection.", sequence: "" };
    }
    return r.chance(0.3) && stageGroup === "IIIA"
      ? { intent: "CURATIVE", modalities: ["SYSTEMIC_THERAPY", "SURGERY"], recommendation: "Neoadjuvant chemo-immunotherapy for three cycles, then lobectomy.", sequence: "neoadjuvant systemic therapy, then surgery" }
      : { intent: "CURATIVE", modalities: ["CHEMORADIATION", "SYSTEMIC_THERAPY"], recommendation: "Concurrent chemoradiation (60 Gy), then durvalumab for 12 months.", sequence: "chemoradiation, then consolidation durvalumab" };
  }
  if (site === "breast") {
    if (advanced) return { intent: "PALLIATIVE", modalities: ["SYSTEMIC_THERAPY"], recommendation: "Endocrine therapy with a CDK4/6 inhibitor.", sequence: "" };
    return stageGroup.startsWith("III")
      ? { intent: "CURATIVE", modalities: ["SYSTEMIC_THERAPY", "SURGERY", "RADIOTHERAPY"], recommendation: "Neoadjuvant chemotherapy, then surgery and locoregional radiotherapy.", sequence: "neoadjuvant chemotherapy, surgery, radiotherapy" }
      : { intent: "CURATIVE", modalities: ["SURGERY", "RADIOTHERAPY"], recommendation: "Breast-conserving surgery with sentinel node biopsy, then whole-breast radiotherapy.", sequence: "surgery, then radiotherapy" };
  }
  if (advanced) return { intent: "PALLIATIVE", modalities: ["SYSTEMIC_THERAPY"], recommendation: "FOLFOX with bevacizumab; re-discuss resectability after six cycles.", sequence: "" };
  return stageGroup.startsWith("III")
    ? { intent: "CURATIVE", modalities: ["SURGERY", "SYSTEMIC_THERAPY"], recommendation: "Oncological resection, then adjuvant CAPOX for three months.", sequence: "surgery, then adjuvant chemotherapy" }
    : { intent: "CURATIVE", modalities: ["SURGERY"], recommendation: "Oncological resection with complete mesocolic excision.", sequence: "" };
}

/** The treatments a recommendation leads to when it is followed. */
function treatmentsOf(modalities: readonly ModalityName[]): ("SURGERY" | "SYSTEMIC_THERAPY" | "RADIOTHERAPY")[] {
  const given = new Set<"SURGERY" | "SYSTEMIC_THERAPY" | "RADIOTHERAPY">();
  for (const m of modalities) {
    if (m === "SURGERY") given.add("SURGERY");
    if (m === "SYSTEMIC_THERAPY" || m === "CLINICAL_TRIAL") given.add("SYSTEMIC_THERAPY");
    if (m === "RADIOTHERAPY") given.add("RADIOTHERAPY");
    if (m === "CHEMORADIATION") {
      given.add("SYSTEMIC_THERAPY");
      given.add("RADIOTHERAPY");
    }
  }
  return [...given];
}

const GUIDELINE_DEVIATIONS = [
  "Comorbidity (COPD GOLD 3) rules out the guideline's resection.",
  "The patient declined the guideline's systemic therapy after a full discussion.",
  "Renal function excludes cisplatin; carboplatin chosen instead.",
  "Age and frailty: a less intensive regimen than the guideline's.",
];
const QUORUM_OVERRIDE = "The absent specialty had reported in writing; the board did not wait for the next meeting.";

const FAMILY = ["Andersen", "Baker", "Castillo", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen", "Ivanova", "Jansen", "Kovacs", "Larsen", "Moreau", "Nowak", "Olsen", "Petrov", "Quinn", "Rossi", "Schmidt", "Tanaka", "Urban", "Vogel", "Walsh", "Young", "Zimmermann", "Novak", "Horvat", "Lambert", "Costa", "Murphy"];
const GIVEN_MALE = ["Anton", "Bernard", "Carl", "David", "Erik", "Frank", "George", "Henrik", "Ivan", "Jakob", "Karl", "Luis", "Martin", "Nils", "Oscar", "Paul"];
const GIVEN_FEMALE = ["Anna", "Birgit", "Clara", "Dora", "Elena", "Freya", "Greta", "Hanna", "Ida", "Julia", "Karin", "Lena", "Maria", "Nora", "Olga", "Paula"];

export interface OutcomeHistoryOptions {
  now: Date;
  boards: Map<BoardSlug, string>;
  chairs: Record<BoardSlug, string>;
  coordinatorId: string;
  referrers: Record<BoardSlug, string>;
  /** The CSV of the NCCTG cohort; defaults to the shared data folder's copy. */
  csvPath?: string | null;
  seed?: number;
}

/** Where the NCCTG CSV lives, or null when the shared data folder (or the file) is not there. */
export function locateNcctgCsv(): string | null {
  const location = locateDemoData();
  if (!location || location.kind !== "shared") return null;
  const file = path.join(location.dir, "outcomes", "ncctg-lung.csv");
  return existsSync(file) ? file : null;
}

/** Adds the history; returns a short note for the seed's summary. */
export async function seedOutcomeHistory(db: PrismaClient, options: OutcomeHistoryOptions): Promise<string> {
  const started = performance.now();
  const csvPath = options.csvPath === undefined ? locateNcctgCsv() : options.csvPath;
  if (!csvPath || !existsSync(csvPath)) return "no outcome history (outcomes/ncctg-lung.csv not found in the demo data folder)";
  const cohort = parseNcctg(readFileSync(csvPath, "utf8")).filter((row) => row.timeDays > 0);
  const r = seededRandom(options.seed ?? 20261206);
  const now = options.now;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const dateOnly = (ms: number) => new Date(Date.UTC(new Date(ms).getUTCFullYear(), new Date(ms).getUTCMonth(), new Date(ms).getUTCDate()));

  const memberships = await db.boardMembership.findMany({ select: { boardId: true, user: { select: { id: true, role: true, specialty: true } } } });
  const boardRows = await db.board.findMany({ select: { id: true, slug: true, quorumSpecialties: true } });

  const patients: Prisma.PatientCreateManyInput[] = [];
  const conditions: Prisma.CancerConditionCreateManyInput[] = [];
  const cases: Prisma.CaseCreateManyInput[] = [];
  const meetings = new Map<string, Prisma.MeetingCreateManyInput & { id: string; absent: Specialty | null; slots: number }>();
  const agendaItems: Prisma.AgendaItemCreateManyInput[] = [];
  const decisions: Prisma.DecisionCreateManyInput[] = [];
  const outcomes: Prisma.OutcomeCreateManyInput[] = [];
  const attendances: Prisma.AttendanceCreateManyInput[] = [];
  let serial = 0;

  /** The board's meeting on the weekday on or before a day, created on first use (07:30 UTC, 90 minutes). */
  const meetingOn = (slug: BoardSlug, boardId: string, dayMs: number) => {
    const weekday = { thoracic: 2, breast: 3, colorectal: 4 }[slug];
    let d = dayMs;
    while (new Date(d).getUTCDay() !== weekday) d -= DAY;
    const key = `${slug}:${d}`;
    let meeting = meetings.get(key);
    if (!meeting) {
      const startsAt = new Date(d + 7.5 * 3_600_000);
      // One meeting in twelve misses a specialty: its decisions are signed without quorum, with the reason.
      const absent: Specialty | null = r.chance(1 / 12) ? "PATHOLOGY" : null;
      meeting = { id: randomUUID(), boardId, startsAt, durationMinutes: 90, location: "Tumour board room", status: "FINISHED", startedAt: startsAt, finishedAt: new Date(startsAt.getTime() + 90 * 60_000), publishedAt: new Date(startsAt.getTime() - 2 * DAY), createdAt: new Date(startsAt.getTime() - 7 * DAY), absent, slots: 0 };
      meetings.set(key, meeting);
    }
    return meeting;
  };
  /** The next free slot of a meeting: cases are discussed in order, six minutes apart. */
  const nextSlot = (meeting: { startsAt: Date | string; slots: number }) => new Date(new Date(meeting.startsAt).getTime() + meeting.slots++ * 6 * 60_000);

  for (const slug of ["thoracic", "breast", "colorectal"] as const) {
    const boardId = options.boards.get(slug)!;
    const site = SITE_OF_BOARD[slug];
    // Breast: the cohort's women; otherwise everyone, each real row used in turn before any is used twice.
    const pool = slug === "breast" ? cohort.filter((c) => c.sex === "FEMALE") : cohort;
    const order = [...pool.keys()].sort(() => r.next() - 0.5);
    const sortedTimes = [...pool].map((c) => c.timeDays).sort((a, b) => a - b);
    for (let i = 0; i < HISTORY_CASES[slug]; i++) {
      const row = pool[order[i % order.length]!]!;
      serial += 1;
      // The discussion: spread over the history span, on the board's meeting day.
      const dayMs = today - (HISTORY_GAP_DAYS + r.int(0, HISTORY_SPAN_DAYS - HISTORY_GAP_DAYS)) * DAY;
      const meeting = meetingOn(slug, boardId, dayMs);
      const discussedAt = nextSlot(meeting);
      const day0 = Date.UTC(discussedAt.getUTCFullYear(), discussedAt.getUTCMonth(), discussedAt.getUTCDate());
      const referredAt = new Date(discussedAt.getTime() - r.int(4, slug === "thoracic" ? 30 : 21) * DAY - r.int(1, 8) * 3_600_000);

      // Longer survivors tend to be the earlier stages: the quantile of the survival time picks a band of stagings.
      const quantile = sortedTimes.findIndex((t) => t >= row.timeDays) / sortedTimes.length;
      const stagings = STAGINGS[site];
      const centre = Math.round((1 - quantile) * (stagings.length - 1));
      const staging = stagings[Math.max(0, Math.min(stagings.length - 1, centre + r.int(-4, 4)))]!;
      const stageGroup = computeStageGroup(site, staging).stageGroup;
      if (!stageGroup) throw new Error(`The demo history's staging ${staging.t} ${staging.n} ${staging.m} has no ${site} stage group`);
      const histology = r.weighted(HISTOLOGY[site]);
      const biomarkers = biomarkersFor(site, histology.name, r);
      const plan = planFor(site, stageGroup, row.ecog, histology.name, biomarkers, r);
      const topography = r.weighted(TOPOGRAPHIES[site]);

      const patientId = randomUUID();
      const conditionId = randomUUID();
      const caseId = randomUUID();
      const decisionId = randomUUID();
      const birth = new Date(day0 - row.age * 365.25 * DAY - r.int(0, 360) * DAY);
      patients.push({
        id: patientId,
        mrn: `H-${String(100000 + serial)}`,
        familyName: r.pick(FAMILY),
        givenName: r.pick(row.sex === "FEMALE" ? GIVEN_FEMALE : GIVEN_MALE),
        birthDate: dateOnly(birth.getTime()),
        sex: row.sex,
        researchPseudonym: `CON-H${String(serial).padStart(4, "0")}${r.int(0x10000, 0xfffff).toString(16).toUpperCase()}`,
        createdAt: referredAt,
      });
      conditions.push({ id: conditionId, patientId, topographyCode: topography[0], topographyDisplay: topography[1], morphologyCode: histology.code, morphologyDisplay: histology.display, diagnosisDate: dateOnly(referredAt.getTime() - r.int(3, 20) * DAY), createdAt: referredAt });
      cases.push({
        id: caseId,
        patientId,
        boardId,
        conditionId,
        questionType: "PRIMARY_TREATMENT",
        clinicalQuestion: `${stageGroup === "IVA" || stageGroup.startsWith("IV") ? "Metastatic" : `Stage ${stageGroup}`} ${histology.name.toLowerCase()}: which first treatment?`,
        referringUserId: options.referrers[slug],
        urgency: r.chance(0.15) ? "URGENT" : "ROUTINE",
        status: "CLOSED",
        ecog: row.ecog,
        ecogRecordedAt: row.ecog === null ? null : referredAt,
        externalId: `DEMO-HISTORY-${serial}`,
        source: "DEMO",
        createdAt: referredAt,
        updatedAt: discussedAt,
      });

      // One case in twelve was discussed twice: first without a decision (staging incomplete), then decided.
      if (r.chance(1 / 12)) {
        const earlier = meetingOn(slug, boardId, day0 - 7 * DAY);
        const firstDiscussion = nextSlot(earlier);
        if (firstDiscussion.getTime() > referredAt.getTime() + DAY) {
          agendaItems.push({ id: randomUUID(), meetingId: earlier.id, caseId, position: earlier.slots, minutesBudget: 5, status: "DISCUSSED", discussedAt: firstDiscussion, secondsSpent: r.int(120, 480) });
        } else earlier.slots -= 1;
      }
      const budget = r.chance(0.15) ? 10 : 5;
      agendaItems.push({ id: randomUUID(), meetingId: meeting.id, caseId, position: meeting.slots, minutesBudget: budget, status: "DISCUSSED", discussedAt, secondsSpent: Math.round(budget * 60 * (0.5 + r.next() * 1.3)) });

      const concordant = r.weighted([[true, 85], [false, 8], [null, 7]] as const);
      const recordedAt = new Date(discussedAt.getTime() + 2 * 60_000);
      const signedAt = new Date(discussedAt.getTime() + 5 * 60_000);
      const chairId = options.chairs[slug];
      decisions.push({
        id: decisionId,
        caseId,
        meetingId: meeting.id,
        status: "SIGNED",
        tnmPrefix: "c",
        tCategory: staging.t,
        nCategory: staging.n,
        mCategory: staging.m,
        stageGroup,
        histology: histology.name,
        grade: r.pick(["G1", "G2", "G2", "G3"]),
        ecog: row.ecog,
        biomarkers,
        intent: plan.intent,
        modalities: plan.modalities,
        trialIdentifier: plan.modalities.includes("CLINICAL_TRIAL") ? "NCT03215706" : null,
        sequence: plan.sequence,
        recommendation: plan.recommendation,
        rationale: `Stage ${stageGroup} ${histology.name.toLowerCase()}, ECOG ${row.ecog ?? "not recorded"}.`,
        guidelineConcordant: concordant,
        guidelineDeviationReason: concordant === false ? r.pick(GUIDELINE_DEVIATIONS) : null,
        // Quorum is filled in below, once the meeting's attendance is known.
        quorate: null,
        recordedById: options.coordinatorId,
        signedById: chairId,
        signedAt,
        createdAt: recordedAt,
        updatedAt: signedAt,
      });

      // What followed, in days from the discussion. The real row gives the end: death, or last contact alive.
      const lastKnown = today - DAY;
      const end = day0 + row.timeDays * DAY;
      const died = row.died && end <= lastKnown;
      const endMs = Math.min(end, lastKnown - r.int(0, 60) * DAY);
      const add = (o: Omit<Prisma.OutcomeCreateManyInput, "id" | "lineageId" | "patientId" | "caseId" | "recordedById" | "source">, linked = true) => {
        const occurredOn = new Date(o.occurredOn as Date);
        if (occurredOn.getTime() > lastKnown) return;
        const id = randomUUID();
        outcomes.push({ evidence: [], ...o, id, lineageId: id, patientId, caseId, decisionId: linked ? decisionId : null, recordedById: options.coordinatorId, source: "DEMO", createdAt: new Date(Math.max(occurredOn.getTime() + DAY, signedAt.getTime())) });
      };

      // Treatment: started before the discussion now and then (urgent radiotherapy), usually as recommended.
      const recommended = treatmentsOf(plan.modalities);
      if (recommended.length > 0 && r.chance(0.04)) {
        add({ kind: "TREATMENT", treatment: "RADIOTHERAPY", treatmentIntent: "PALLIATIVE", occurredOn: dateOnly(day0 - r.int(3, 10) * DAY), note: "Urgent palliative radiotherapy before the board met" }, false);
      }
      const startDay = day0 + r.int(7, slug === "thoracic" ? 45 : 35) * DAY;
      if (recommended.length > 0 && startDay < endMs) {
        const followed = r.chance(0.87);
        const reason = followed ? null : r.weighted([["FITNESS", 40], ["PATIENT_CHOICE", 35], ["PROGRESSION", 15], ["OTHER", 10]] as const);
        const given = followed ? recommended : recommended.includes("SURGERY") ? (["RADIOTHERAPY"] as const) : (["OTHER"] as const);
        for (const treatment of given) {
          const endedOn = Math.min(startDay + r.int(1, 120) * DAY, endMs);
          add({ kind: "TREATMENT", treatment, treatmentIntent: plan.intent === "NONE" ? "PALLIATIVE" : plan.intent, followedRecommendation: followed, deviationReason: reason, occurredOn: dateOnly(startDay), endedOn: dateOnly(endedOn), note: followed ? "As recommended" : "Not as recommended" });
        }
      }
      // Progression: before most deaths, and in some who were still alive at last contact.
      const progressionDay = row.timeDays > 60 && (died || r.chance(0.35)) ? day0 + Math.round(row.timeDays * (0.35 + r.next() * 0.45)) * DAY : null;
      const statusDay = day0 + r.int(60, 100) * DAY;
      if (statusDay < endMs) {
        const progressing = progressionDay !== null && progressionDay <= statusDay;
        const early = stageGroup.startsWith("I") && !stageGroup.startsWith("III") && !stageGroup.startsWith("IV");
        add({ kind: "DISEASE_STATUS", diseaseStatus: progressing ? "PROGRESSING" : early ? "NO_EVIDENCE_OF_DISEASE" : r.pick(["RESPONDING", "STABLE"] as const), evidence: ["IMAGING"], occurredOn: dateOnly(statusDay), note: "Restaging CT" });
      }
      if (progressionDay !== null && progressionDay < endMs) add({ kind: "PROGRESSION", occurredOn: dateOnly(progressionDay), note: "Progression on CT" });
      if (died) {
        add({ kind: "DEATH", occurredOn: dateOnly(end), causeOfDeath: r.weighted([["CANCER", 85], ["OTHER", 10], ["UNKNOWN", 5]] as const), note: "" });
      } else if (r.chance(0.03)) {
        add({ kind: "LOST_TO_FOLLOW_UP", occurredOn: dateOnly(endMs), note: "Moved away; no further contact" });
      } else {
        add({ kind: "ALIVE", occurredOn: dateOnly(Math.max(endMs, day0)), note: "Seen in clinic" });
      }
    }
  }

  // Attendance: the board's members, less the absent specialty; each decision records the quorum that resulted.
  const quorumOf = new Map<string, { quorate: boolean; missing: Specialty[] }>();
  for (const m of meetings.values()) {
    const board = boardRows.find((b) => b.id === m.boardId)!;
    const present = memberships.filter((ms) => ms.boardId === m.boardId && ms.user.role !== "ADMIN" && ms.user.specialty !== m.absent).map((ms) => ms.user);
    for (const [i, u] of present.entries()) {
      attendances.push({ id: randomUUID(), meetingId: m.id, userId: u.id, specialty: u.specialty ?? "OTHER", mode: i % 4 === 3 ? "REMOTE" : "IN_ROOM", recordedById: options.coordinatorId, recordedAt: m.startsAt });
    }
    quorumOf.set(m.id, evaluateQuorum(board.quorumSpecialties, present.map((u) => ({ specialty: u.specialty ?? "OTHER" }))));
  }
  for (const d of decisions) {
    const q = quorumOf.get(d.meetingId!)!;
    d.quorate = q.quorate;
    d.quorumMissing = q.missing;
    d.quorumOverrideReason = q.quorate ? null : QUORUM_OVERRIDE;
  }

  // One INSERT per table from a JSON parameter: far faster than thousands of bound parameters on PGlite.
  const steps: [string, Record<string, unknown>[]][] = [
    ["Patient", patients],
    ["CancerCondition", conditions],
    ["Case", cases],
    ["Meeting", [...meetings.values()].map(({ absent: _absent, slots: _slots, ...m }) => m)],
    ["Attendance", attendances],
    ["AgendaItem", agendaItems],
    ["Decision", decisions],
    ["Outcome", outcomes],
  ];
  await db.$transaction(async (tx) => {
    for (const [table, rows] of steps) await insertJsonRows(tx, table, rows);
  });
  const deaths = outcomes.filter((o) => o.kind === "DEATH").length;
  return `history: ${decisions.length} past decisions over ${meetings.size} meetings with ${outcomes.length} outcomes (${deaths} deaths) from the NCCTG cohort in ${Math.round(performance.now() - started)} ms`;
}

/**
 * Inserts rows into a table in one statement: the rows travel as one JSON parameter and PostgreSQL casts each field
 * to its column's type (json_populate_recordset). Columns no row names keep their defaults.
 */
async function insertJsonRows(db: Prisma.TransactionClient, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const list = columns.map((c) => `"${c}"`).join(", ");
  // Dates travel as ISO strings: a timestamp column takes the UTC time, a date column the day.
  const json = JSON.stringify(rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null]))));
  await db.$executeRawUnsafe(`INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table}", $1::json)`, json);
}
