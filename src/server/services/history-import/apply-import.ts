import { randomBytes, randomUUID } from "node:crypto";
import type { HistoryRecord } from "@/domain/history-import/history-record";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { outcomeRecordOf, type RecordSourceName } from "@/domain/outcomes/vocabulary";
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


/** A stable text of a value for comparison: jsonb gives keys back in its own order, dates compare as instants. */
const json = (v: unknown) =>
  JSON.stringify(v, (_k, value: unknown) =>
    value instanceof Date ? value.toISOString() : value && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value,
  );

export const emptyCounts = (): ApplyCounts => ({ patientsCreated: 0, casesCreated: 0, casesUpdated: 0, decisionVersionsCreated: 0, outcomesCreated: 0, outcomeVersionsCreated: 0, unchanged: 0 });

type Table = "Patient" | "CancerCondition" | "Case" | "Decision" | "Outcome";

/**
 * Inserts rows in one statement with one parameter (the rows as JSON): through the PGlite adapter Prisma's createMany
 * of 2,000 rows costs about 1 s of CPU (one bind parameter per cell), this about 50 ms. Every row gives the same
 * columns (a missing one would be NULL, not its default); values are what Prisma would store (ids, @updatedAt too).
 */
async function insertRows(tx: Db, table: Table, rows: object[]) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  if (rows.some((r) => Object.keys(r).length !== columns.length)) throw new Error(`insertRows(${table}): rows with different columns`);
  const list = columns.map((c) => `"${c}"`).join(", ");
  await tx.$executeRawUnsafe(`INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table}", $1::json)`, JSON.stringify(rows));
}

/**
 * Writes one chunk of checked records into a board (inside the caller's transaction), reading what exists in a few
 * queries and writing each table in one statement: the patients (new, or the one of the MRN, already checked by
 * planImport), the diagnoses, the cases with their historical referral date, the board's decisions as SIGNED on the
 * discussion day, and the outcomes. Idempotent by external id: an unchanged record writes nothing, a changed one adds
 * the next version of the decision or outcome (the old one stays, superseded), never a duplicate.
 */
async function applyChunk(tx: Db, actor: Actor, boardId: string, records: HistoryRecord[], source: RecordSourceName, counts: ApplyCounts, audit: AuditEntry[]) {
  const [knownPatients, knownCases, knownOutcomes] = await Promise.all([
    tx.patient.findMany({ where: { mrn: { in: [...new Set(records.map((r) => r.patient.mrn))] } }, select: { id: true, mrn: true } }),
    tx.case.findMany({
      where: { boardId, externalId: { in: records.map((r) => r.caseExternalId) } },
      select: { id: true, externalId: true, createdAt: true, condition: true, decisions: { where: { status: "SIGNED" }, orderBy: { version: "desc" }, take: 1 } },
    }),
    tx.outcome.findMany({ where: { externalId: { in: records.flatMap((r) => r.outcomes.map((o) => o.externalId)) } } }),
  ]);
  const patientIds = new Map(knownPatients.map((p) => [p.mrn, p.id]));
  const casesByExternalId = new Map(knownCases.map((c) => [c.externalId!, c]));
  const outcomesByExternalId = new Map(knownOutcomes.map((o) => [o.externalId!, o]));
  const now = new Date();

  const newPatients: Prisma.PatientCreateManyInput[] = [];
  const newConditions: Prisma.CancerConditionCreateManyInput[] = [];
  const newCases: Prisma.CaseCreateManyInput[] = [];
  const newDecisions: Prisma.DecisionCreateManyInput[] = [];
  const newOutcomes: Prisma.OutcomeCreateManyInput[] = [];
  const conditionUpdates: { id: string; data: HistoryRecord["condition"] }[] = [];
  const caseUpdates: { id: string; data: Prisma.CaseUncheckedUpdateInput }[] = [];
  const superseded: { old: string; new: string }[] = [];
  // Cases whose changed decision needs the next version number, read below in one query.
  const needVersion: { caseId: string; decision: Prisma.DecisionCreateManyInput }[] = [];

  for (const record of records) {
    let patientId = patientIds.get(record.patient.mrn);
    if (!patientId) {
      patientId = randomUUID();
      patientIds.set(record.patient.mrn, patientId);
      newPatients.push({ id: patientId, ...record.patient, researchPseudonym: pseudonym() });
      audit.push({ action: "patient.create", entityType: "Patient", entityId: patientId, patientId, detail: { via: "history.import", source } });
    }
    let changed = false;
    let caseId: string;
    let decisionId: string;
    const existing = casesByExternalId.get(record.caseExternalId);
    if (!existing) {
      const conditionId = randomUUID();
      caseId = randomUUID();
      decisionId = randomUUID();
      newConditions.push({ id: conditionId, patientId, ...record.condition });
      newCases.push({
        id: caseId,
        patientId,
        boardId,
        conditionId,
        questionType: "PRIMARY_TREATMENT",
        clinicalQuestion: "Imported from the registry.",
        referringUserId: actor.id,
        status: "CLOSED",
        ecog: record.decision.ecog,
        externalId: record.caseExternalId,
        source,
        createdAt: record.referredOn,
        updatedAt: now,
      });
      newDecisions.push({ id: decisionId, caseId, version: 1, ...decisionFields(record), status: "SIGNED", signedAt: record.signedAt ?? record.discussedOn, createdAt: record.discussedOn, updatedAt: now, recordedById: actor.id, correctionReason: null });
      counts.casesCreated++;
      changed = true;
      audit.push({ action: "case.import", entityType: "Case", entityId: caseId, patientId, detail: { externalId: record.caseExternalId, source } });
    } else {
      caseId = existing.id;
      const c = existing.condition;
      const conditionSame =
        c && c.topographyCode === record.condition.topographyCode && c.topographyDisplay === record.condition.topographyDisplay && c.morphologyCode === record.condition.morphologyCode && c.morphologyDisplay === record.condition.morphologyDisplay && sameDay(c.diagnosisDate, record.condition.diagnosisDate);
      const caseData: Prisma.CaseUncheckedUpdateInput = {};
      if (!conditionSame) {
        if (c) conditionUpdates.push({ id: c.id, data: record.condition });
        else {
          const conditionId = randomUUID();
          newConditions.push({ id: conditionId, patientId, ...record.condition });
          caseData.conditionId = conditionId;
        }
        changed = true;
      }
      if (existing.createdAt.getTime() !== record.referredOn.getTime()) {
        caseData.createdAt = record.referredOn;
        changed = true;
      }
      if (Object.keys(caseData).length) caseUpdates.push({ id: caseId, data: caseData });
      const latest = existing.decisions[0];
      const wanted = decisionFields(record);
      const same =
        latest &&
        latest.createdAt.getTime() === record.discussedOn.getTime() &&
        json(Object.fromEntries(Object.keys(wanted).map((k) => [k, latest[k as keyof typeof latest]]))) === json(wanted);
      if (latest && same) decisionId = latest.id;
      else {
        decisionId = randomUUID();
        const decision = { id: decisionId, caseId, version: 0, ...wanted, status: "SIGNED" as const, signedAt: record.signedAt ?? record.discussedOn, createdAt: record.discussedOn, updatedAt: now, recordedById: actor.id };
        newDecisions.push(decision);
        needVersion.push({ caseId, decision });
        counts.decisionVersionsCreated++;
        changed = true;
      }
      if (changed) counts.casesUpdated++;
      if (changed) audit.push({ action: "case.reimport", entityType: "Case", entityId: caseId, patientId, detail: { externalId: record.caseExternalId, source } });
    }

    for (const o of record.outcomes) {
      const current = outcomesByExternalId.get(o.externalId);
      const fields = outcomeRecordOf(o);
      if (!current) {
        const id = randomUUID();
        newOutcomes.push({ id, lineageId: id, version: 1, patientId, caseId, decisionId, ...fields, externalId: o.externalId, source, recordedById: actor.id, correctionReason: null });
        counts.outcomesCreated++;
        changed = true;
        continue;
      }
      const same = json(Object.fromEntries(Object.keys(fields).map((k) => [k, current[k as keyof typeof current]]))) === json(fields) && current.retractedAt === null;
      if (same) continue;
      // The external id moves to the new version, so that the next re-import compares against what is current.
      const id = randomUUID();
      newOutcomes.push({ id, lineageId: current.lineageId, version: current.version + 1, patientId, caseId, decisionId, ...fields, externalId: o.externalId, source, recordedById: actor.id, correctionReason: REIMPORT_REASON });
      superseded.push({ old: current.id, new: id });
      counts.outcomeVersionsCreated++;
      changed = true;
    }
    if (!changed) counts.unchanged++;
  }

  if (needVersion.length) {
    const last = await tx.decision.groupBy({ by: ["caseId"], where: { caseId: { in: needVersion.map((n) => n.caseId) } }, _max: { version: true } });
    const lastVersion = new Map(last.map((l) => [l.caseId, l._max.version ?? 0]));
    for (const { caseId, decision } of needVersion) {
      decision.version = (lastVersion.get(caseId) ?? 0) + 1;
      decision.correctionReason = decision.version > 1 ? REIMPORT_REASON : null;
    }
  }

  // An unchanged re-import reaches here with nothing to write.
  await insertRows(tx, "Patient", newPatients);
  await insertRows(tx, "CancerCondition", newConditions);
  await insertRows(tx, "Case", newCases);
  for (const u of conditionUpdates) await tx.cancerCondition.update({ where: { id: u.id }, data: u.data });
  for (const u of caseUpdates) await tx.case.update({ where: { id: u.id }, data: u.data });
  await insertRows(tx, "Decision", newDecisions);
  if (superseded.length) {
    // The old version gives up its external id before the new one takes it (unique), then points to its successor.
    await tx.outcome.updateMany({ where: { id: { in: superseded.map((s) => s.old) } }, data: { externalId: null } });
  }
  await insertRows(tx, "Outcome", newOutcomes);
  if (superseded.length) {
    await tx.$executeRawUnsafe(`UPDATE "Outcome" o SET "supersededById" = v."new" FROM json_to_recordset($1::json) AS v("old" text, "new" text) WHERE o."id" = v."old"`, JSON.stringify(superseded));
  }
  counts.patientsCreated += newPatients.length;
}

/**
 * Splits records into batches that applyChunk can write at once: an outcome id may appear only once in a batch
 * (a FHIR file may carry a later version of an outcome it also holds earlier; the later batch sees the earlier one).
 */
function batches(records: HistoryRecord[], size: number): HistoryRecord[][] {
  const result: HistoryRecord[][] = [];
  let batch: HistoryRecord[] = [];
  let outcomeIds = new Set<string>();
  for (const record of records) {
    const ids = record.outcomes.map((o) => o.externalId);
    if (batch.length >= size || ids.some((id) => outcomeIds.has(id))) {
      if (batch.length) result.push(batch);
      batch = [];
      outcomeIds = new Set();
    }
    batch.push(record);
    for (const id of ids) outcomeIds.add(id);
  }
  if (batch.length) result.push(batch);
  return result;
}

/**
 * Writes records in one transaction (all or nothing), a chunk of rows at a time, reporting progress after each chunk
 * and auditing each chunk's created patients and cases in one call (the audit chain's head is locked per call).
 */
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
      let done = 0;
      for (const batch of batches(records, 500)) {
        const audit: AuditEntry[] = [];
        await applyChunk(tx, actor, boardId, batch, source, counts, audit);
        await recordAudit(tx, actor, audit);
        done += batch.length;
        await onProgress(done, records.length);
      }
      return counts;
    },
    { timeout: 30 * 60_000, maxWait: 30_000 },
  );
}
