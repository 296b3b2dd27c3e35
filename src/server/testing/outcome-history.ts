import type { PrismaClient } from "@/generated/prisma/client";
import { readNcctgLung } from "@/integrations/demo-data/ncctg-lung";

export interface OutcomeHistoryOptions {
  boardId: string;
  recordedById: string;
  /** Prefix of MRNs, pseudonyms and ids, unique per call. */
  prefix: string;
  /** How many of the 228 NCCTG patients (all unless given). */
  count?: number;
  /** Day 0 of the first patient; each next patient is discussed 3 days later. */
  firstDiscussion?: Date;
}

const DAY = 86_400_000;

/**
 * A board's past: the NCCTG lung cohort (R's survival::lung, real survival times) as signed lung-cancer decisions
 * with a death or a last "alive" outcome, for tests and benchmarks of the analyses. Stage and the recommended
 * treatment are assigned deterministically (stage III or IV; curative surgery or chemoradiation, or palliative systemic therapy).
 * Patients without ECOG keep it unknown: the analyses must count them, not drop them silently.
 */
export async function seedOutcomeHistory(db: PrismaClient, options: OutcomeHistoryOptions) {
  const cohort = readNcctgLung().slice(0, options.count ?? 228);
  const start = options.firstDiscussion ?? new Date("2018-01-10T00:00:00Z");
  const p = options.prefix;
  const plan = cohort.map((row, i) => {
    const day0 = new Date(start.getTime() + i * 3 * DAY);
    const age = row.age ?? 65;
    const stage = i % 3 === 0 ? "IV" : i % 2 === 0 ? "IIIA" : "IIIB";
    // Treatment mixed across stages (not a function of stage), so that a model can tell the two apart.
    const option = (i + Math.floor(i / 3)) % 3;
    const modalities = option === 0 ? (["SYSTEMIC_THERAPY"] as const) : option === 1 ? (["SURGERY"] as const) : (["CHEMORADIATION"] as const);
    return {
      i,
      row,
      day0,
      birthDate: new Date(Date.UTC(day0.getUTCFullYear() - age, 0, 15)),
      stage,
      modalities: [...modalities],
      intent: option === 0 ? ("PALLIATIVE" as const) : ("CURATIVE" as const),
    };
  });
  await db.patient.createMany({
    data: plan.map((x) => ({
      id: `${p}-pat-${x.i}`,
      mrn: `${p}-${x.i}`,
      familyName: "History",
      givenName: `${p}${x.i}`,
      birthDate: x.birthDate,
      sex: x.row.sex === 1 ? ("MALE" as const) : ("FEMALE" as const),
      researchPseudonym: `${p.toUpperCase()}-${String(x.i).padStart(4, "0")}`,
    })),
  });
  await db.cancerCondition.createMany({
    data: plan.map((x) => ({ id: `${p}-con-${x.i}`, patientId: `${p}-pat-${x.i}`, topographyCode: "C34.1", topographyDisplay: "Upper lobe, lung", morphologyCode: "8140/3", morphologyDisplay: "Adenocarcinoma, NOS" })),
  });
  await db.case.createMany({
    data: plan.map((x) => ({
      id: `${p}-case-${x.i}`,
      patientId: `${p}-pat-${x.i}`,
      boardId: options.boardId,
      conditionId: `${p}-con-${x.i}`,
      questionType: "PRIMARY_TREATMENT" as const,
      clinicalQuestion: "Treatment?",
      referringUserId: options.recordedById,
      status: "CLOSED" as const,
      createdAt: new Date(x.day0.getTime() - 7 * DAY),
    })),
  });
  await db.decision.createMany({
    data: plan.map((x) => ({
      id: `${p}-dec-${x.i}`,
      caseId: `${p}-case-${x.i}`,
      status: "SIGNED" as const,
      stageGroup: x.stage,
      histology: "Adenocarcinoma",
      ecog: x.row.ecog,
      intent: x.intent,
      modalities: x.modalities,
      recommendation: x.modalities.join(" + "),
      recordedById: options.recordedById,
      signedById: options.recordedById,
      signedAt: x.day0,
      createdAt: x.day0,
      updatedAt: x.day0,
    })),
  });
  await db.outcome.createMany({
    data: plan.map((x) => ({
      id: `${p}-out-${x.i}`,
      lineageId: `${p}-out-${x.i}`,
      patientId: `${p}-pat-${x.i}`,
      caseId: `${p}-case-${x.i}`,
      decisionId: `${p}-dec-${x.i}`,
      kind: x.row.dead ? ("DEATH" as const) : ("ALIVE" as const),
      occurredOn: new Date(x.day0.getTime() + x.row.time * DAY),
      ...(x.row.dead ? { causeOfDeath: "CANCER" as const } : {}),
      source: "DEMO" as const,
      recordedById: options.recordedById,
    })),
  });
  return { patients: plan.length, deaths: plan.filter((x) => x.row.dead).length, missingEcog: plan.filter((x) => x.row.ecog === null).length };
}
