import { randomBytes, randomUUID } from "node:crypto";
import type { HistoryOutcome, HistoryRecord } from "@/domain/history-import/history-record";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { RecordSourceName } from "@/domain/outcomes/vocabulary";
import type { Actor, Db } from "../db-types";
import { recordAudit, type AuditEntry } from "../audit/record-audit";

export interface ApplyCounts {
  patientsCreated: number;
  casesCreated: number;
  casesUpdated: number;
  decisionVersionsCreated: number;
  outcomesCreated: number;
  outcomeVersionsCreated: number;
  unchanged: number;
}

const pseudonym = () => `CON-${randomBytes(5).toString("hex").toUpperCase()}`;
const REIMPORT_REASON = "Updated by a registry re-import.";
const sameDay = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

function decisionFields(record: HistoryRecord) {
  const d = record.decision;
  return {
    tnmPrefix: d.tnmPrefix,
    tCategory: d.tCategory,
    nCategory: d.nCategory,
    mCategory: d.mCategory,
    stageGroup: d.stageGroup,
    histology: d.histology,
    grade: d.grade,
    ecog: d.ecog,
    biomarkers: d.biomarkers,
    intent: d.intent,
    modalities: d.modalities,
    trialIdentifier: d.trialIdentifier,
    recommendation: d.recommendation,
    guidelineConcordant: d.guidelineConcordant,
    guidelineDeviationReason: d.guidelineDeviationReason,
    sequence: d.sequence ?? "",
    rationale: d.rationale ?? "",
  };
}

function outcomeFields(o: HistoryOutcome) {
  return {
    kind: o.kind,
    occurredOn: o.occurredOn,
    endedOn: o.endedOn,
    treatment: o.treatment,
    treatmentIntent: o.treatmentIntent,
    followedRecommendation: o.followedRecommendation,
    deviationReason: o.deviationReason,
    diseaseStatus: o.diseaseStatus,
    evidence: o.evidence,
    causeOfDeath: o.causeOfDeath,
    note: o.note,
  };
}

/** A stable text of a value for comparison: jsonb gives keys back in its own order, dates compare as instants. */
const json = (v: unknown) =>
  JSON.stringify(v, (_k, value: unknown) =>
    value instanceof Date ? value.toISOString() : value && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value,
  );

/**
 * Writes one checked record into a board (inside the caller's transaction): the patient (new, or the one of its MRN,
 * already checked by planImport), the diagnosis, the case with its historical referral date, the board's decision as
 * SIGNED on the discussion day, and the outcomes. Idempotent by external id: an unchanged record writes nothing, a
 * changed one adds the next version of the decision or outcome (the old one stays, superseded), never a duplicate.
 */
export async function applyRecord(tx: Db, actor: Actor, boardId: string, record: HistoryRecord, source: RecordSourceName, counts: ApplyCounts, audit: AuditEntry[]) {
  let patient = await tx.patient.findUnique({ where: { mrn: record.patient.mrn }, select: { id: true } });
  if (!patient) {
    patient = await tx.patient.create({ data: { ...record.patient, researchPseudonym: pseudonym() }, select: { id: true } });
    counts.patientsCreated++;
    audit.push({ action: "patient.create", entityType: "Patient", entityId: patient.id, patientId: patient.id, detail: { via: "history.import", source } });
  }
  const patientId = patient.id;
  let changed = false;

  const existing = await tx.case.findUnique({
    where: { boardId_externalId: { boardId, externalId: record.caseExternalId } },
    select: { id: true, conditionId: true, createdAt: true, condition: true, decisions: { where: { status: "SIGNED" }, orderBy: { version: "desc" }, take: 1 } },
  });
  let caseId: string;
  let decisionId: string;
  if (!existing) {
    const condition = await tx.cancerCondition.create({ data: { patientId, ...record.condition }, select: { id: true } });
    const kase = await tx.case.create({
      data: {
        patientId,
        boardId,
        conditionId: condition.id,
        questionType: "PRIMARY_TREATMENT",
        clinicalQuestion: "Imported from the registry.",
        referringUserId: actor.id,
        status: "CLOSED",
        ecog: record.decision.ecog,
        externalId: record.caseExternalId,
        source,
        createdAt: record.referredOn,
      },
      select: { id: true },
    });
    caseId = kase.id;
    const decision = await tx.decision.create({
      data: { caseId, ...decisionFields(record), status: "SIGNED", signedAt: record.signedAt ?? record.discussedOn, createdAt: record.discussedOn, recordedById: actor.id },
      select: { id: true },
    });
    decisionId = decision.id;
    counts.casesCreated++;
    changed = true;
    audit.push({ action: "case.import", entityType: "Case", entityId: caseId, patientId, detail: { externalId: record.caseExternalId, source } });
  } else {
    caseId = existing.id;
    const c = existing.condition;
    const conditionSame =
      c && c.topographyCode === record.condition.topographyCode && c.topographyDisplay === record.condition.topographyDisplay && c.morphologyCode === record.condition.morphologyCode && c.morphologyDisplay === record.condition.morphologyDisplay && sameDay(c.diagnosisDate, record.condition.diagnosisDate);
    if (!conditionSame) {
      if (c) await tx.cancerCondition.update({ where: { id: c.id }, data: record.condition });
      else await tx.case.update({ where: { id: caseId }, data: { condition: { create: { patientId, ...record.condition } } } });
      changed = true;
    }
    if (existing.createdAt.getTime() !== record.referredOn.getTime()) {
      await tx.case.update({ where: { id: caseId }, data: { createdAt: record.referredOn } });
      changed = true;
    }
    const latest = existing.decisions[0];
    const wanted = decisionFields(record);
    const same =
      latest &&
      latest.createdAt.getTime() === record.discussedOn.getTime() &&
      json(Object.fromEntries(Object.keys(wanted).map((k) => [k, latest[k as keyof typeof latest]]))) === json(wanted);
    if (latest && same) decisionId = latest.id;
    else {
      const last = await tx.decision.findFirst({ where: { caseId }, orderBy: { version: "desc" }, select: { version: true } });
      const version = (last?.version ?? 0) + 1;
      const decision = await tx.decision.create({
        data: { caseId, version, ...wanted, status: "SIGNED", signedAt: record.signedAt ?? record.discussedOn, createdAt: record.discussedOn, recordedById: actor.id, correctionReason: version > 1 ? REIMPORT_REASON : null },
        select: { id: true },
      });
      decisionId = decision.id;
      counts.decisionVersionsCreated++;
      changed = true;
    }
    if (changed) counts.casesUpdated++;
    if (changed) audit.push({ action: "case.reimport", entityType: "Case", entityId: caseId, patientId, detail: { externalId: record.caseExternalId, source } });
  }

  for (const o of record.outcomes) {
    const current = await tx.outcome.findUnique({ where: { externalId: o.externalId } });
    const fields = outcomeFields(o);
    if (!current) {
      const id = randomUUID();
      await tx.outcome.create({ data: { id, lineageId: id, patientId, caseId, decisionId, ...fields, externalId: o.externalId, source, recordedById: actor.id } });
      counts.outcomesCreated++;
      changed = true;
      continue;
    }
    const same = json(Object.fromEntries(Object.keys(fields).map((k) => [k, current[k as keyof typeof current]]))) === json(fields) && current.retractedAt === null;
    if (same) continue;
    // The external id moves to the new version, so that the next re-import compares against what is current.
    const id = randomUUID();
    await tx.outcome.update({ where: { id: current.id }, data: { externalId: null } });
    await tx.outcome.create({
      data: { id, lineageId: current.lineageId, version: current.version + 1, patientId, caseId, decisionId, ...fields, externalId: o.externalId, source, recordedById: actor.id, correctionReason: REIMPORT_REASON },
    });
    await tx.outcome.update({ where: { id: current.id }, data: { supersededById: id } });
    counts.outcomeVersionsCreated++;
    changed = true;
  }
  if (!changed) counts.unchanged++;
}

export const emptyCounts = (): ApplyCounts => ({ patientsCreated: 0, casesCreated: 0, casesUpdated: 0, decisionVersionsCreated: 0, outcomesCreated: 0, outcomeVersionsCreated: 0, unchanged: 0 });

/**
 * New cases of a chunk in a handful of statements (createMany), the common case of a first import: patients not yet
 * known, their diagnoses, cases, signed decisions and outcomes, with ids made here so that they can refer to each
 * other. Returns the records this cannot take (an existing case or outcome id): those go through applyRecord.
 */
async function createNewCases(tx: Db, actor: Actor, boardId: string, records: HistoryRecord[], source: RecordSourceName, counts: ApplyCounts, audit: AuditEntry[]): Promise<HistoryRecord[]> {
  const existingCases = new Set(
    (await tx.case.findMany({ where: { boardId, externalId: { in: records.map((r) => r.caseExternalId) } }, select: { externalId: true } })).map((c) => c.externalId!),
  );
  const outcomeIds = records.flatMap((r) => r.outcomes.map((o) => o.externalId));
  const existingOutcomes = new Set((await tx.outcome.findMany({ where: { externalId: { in: outcomeIds } }, select: { externalId: true } })).map((o) => o.externalId!));
  const fresh = records.filter((r) => !existingCases.has(r.caseExternalId) && !r.outcomes.some((o) => existingOutcomes.has(o.externalId)));
  const rest = records.filter((r) => !fresh.includes(r));
  if (fresh.length === 0) return rest;

  const patientIds = new Map((await tx.patient.findMany({ where: { mrn: { in: fresh.map((r) => r.patient.mrn) } }, select: { id: true, mrn: true } })).map((p) => [p.mrn, p.id]));
  const newPatients: Prisma.PatientCreateManyInput[] = [];
  for (const r of fresh) {
    if (patientIds.has(r.patient.mrn)) continue;
    const id = randomUUID();
    patientIds.set(r.patient.mrn, id);
    newPatients.push({ id, ...r.patient, researchPseudonym: pseudonym() });
    audit.push({ action: "patient.create", entityType: "Patient", entityId: id, patientId: id, detail: { via: "history.import", source } });
  }
  const conditions: Prisma.CancerConditionCreateManyInput[] = [];
  const cases: Prisma.CaseCreateManyInput[] = [];
  const decisions: Prisma.DecisionCreateManyInput[] = [];
  const outcomes: Prisma.OutcomeCreateManyInput[] = [];
  for (const r of fresh) {
    const patientId = patientIds.get(r.patient.mrn)!;
    const [conditionId, caseId, decisionId] = [randomUUID(), randomUUID(), randomUUID()];
    conditions.push({ id: conditionId, patientId, ...r.condition });
    cases.push({
      id: caseId,
      patientId,
      boardId,
      conditionId,
      questionType: "PRIMARY_TREATMENT",
      clinicalQuestion: "Imported from the registry.",
      referringUserId: actor.id,
      status: "CLOSED",
      ecog: r.decision.ecog,
      externalId: r.caseExternalId,
      source,
      createdAt: r.referredOn,
    });
    decisions.push({ id: decisionId, caseId, ...decisionFields(r), status: "SIGNED", signedAt: r.signedAt ?? r.discussedOn, createdAt: r.discussedOn, recordedById: actor.id });
    for (const o of r.outcomes) {
      const id = randomUUID();
      outcomes.push({ id, lineageId: id, patientId, caseId, decisionId, ...outcomeFields(o), externalId: o.externalId, source, recordedById: actor.id });
    }
    audit.push({ action: "case.import", entityType: "Case", entityId: caseId, patientId, detail: { externalId: r.caseExternalId, source } });
  }
  await tx.patient.createMany({ data: newPatients });
  await tx.cancerCondition.createMany({ data: conditions });
  await tx.case.createMany({ data: cases });
  await tx.decision.createMany({ data: decisions });
  await tx.outcome.createMany({ data: outcomes });
  counts.patientsCreated += newPatients.length;
  counts.casesCreated += fresh.length;
  counts.outcomesCreated += outcomes.length;
  return rest;
}

/** Writes records in one transaction (all or nothing), reporting progress after each chunk. */
export async function applyRecords(
  db: PrismaClient,
  actor: Actor,
  boardId: string,
  records: HistoryRecord[],
  source: RecordSourceName,
  onProgress: (done: number, total: number) => void | Promise<void>,
): Promise<ApplyCounts> {
  const counts = emptyCounts();
  return db.$transaction(
    async (tx) => {
      const chunk = 500;
      for (let i = 0; i < records.length; i += chunk) {
        const audit: AuditEntry[] = [];
        // A case id twice in one chunk is refused by planImport; the same patient on several rows is created once.
        const rest = await createNewCases(tx, actor, boardId, records.slice(i, i + chunk), source, counts, audit);
        for (const record of rest) await applyRecord(tx, actor, boardId, record, source, counts, audit);
        await recordAudit(tx, actor, audit);
        await onProgress(Math.min(i + chunk, records.length), records.length);
      }
      return counts;
    },
    { timeout: 30 * 60_000, maxWait: 30_000 },
  );
}
