import type { AnalysisRow } from "@/domain/cohorts/cohort";
import type { DatasetRow } from "@/domain/outcomes/dataset";
import type { Db } from "../db-types";
import { readDatasetRows } from "../outcomes/read-dataset";

/** The pseudonymised view of a row: what a pseudonymised export keeps, no name, MRN, date or exact age. */
export function toAnalysisRow(r: DatasetRow): AnalysisRow {
  return {
    pseudonym: r.pseudonym,
    board: r.board,
    site: r.site,
    stage_group: r.stage_group,
    histology: r.histology,
    biomarkers: r.biomarkers,
    ecog: r.ecog,
    age_band: r.age_band,
    sex: r.sex,
    intent: r.intent,
    modalities: r.modalities,
    decision_year: r.decision_year,
    decision_quarter: r.decision_quarter,
    os_days: r.os_days,
    os_event: r.os_event,
    pfs_days: r.pfs_days,
    pfs_event: r.pfs_event,
    data_issue: r.data_issue,
  };
}

/**
 * The outcome dataset of these boards as analyses see it: pseudonymised as it is read, batch by batch, so that no
 * identifying column is held. Callers audit the analysis they run on it.
 */
export async function readAnalysisRows(db: Db, boardIds: readonly string[]): Promise<AnalysisRow[]> {
  const rows: AnalysisRow[] = [];
  for await (const batch of readDatasetRows(db, boardIds)) for (const r of batch) rows.push(toAnalysisRow(r));
  return rows;
}
