import { DATASET_COLUMNS, PSEUDONYMISED_COLUMNS } from "@/domain/outcomes/dataset";
import { EquivalenceClasses, projectRow, type ExportRow, type SuppressionReport } from "@/domain/outcomes/research-export";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/load-session-user";
import type { Db } from "../db-types";
import { boardsOf, filteredBatches, kAnonymity, rowFilter, type DatasetFilters } from "./dataset-scope";

/** What the filters can choose from: the values present in the user's boards' dataset. */
export interface DatasetFacets {
  boards: { id: string; name: string; slug: string }[];
  sites: string[];
  stageGroups: string[];
  years: number[];
}

export interface DatasetPreview {
  k: number;
  columns: string[];
  /** The first rows as a pseudonymised export would hold them (small classes already suppressed). */
  rows: ExportRow[];
  report: SuppressionReport;
  facets: DatasetFacets;
}

/**
 * The dataset page: pseudonymised rows of the user's boards, the k-anonymity report and the filters' choices. One
 * pass over the rows keeps the class counters, the facets and the first `limit` rows of each class, then the rows
 * of small classes are dropped from what is shown. Audited as "dataset.read" (no patient is named in it).
 */
export async function previewDataset(db: Db, user: SessionUser, filters: DatasetFilters, limit: number): Promise<DatasetPreview> {
  const boardIds = boardsOf(user, filters);
  const k = await kAnonymity(db);
  const classes = new EquivalenceClasses();
  const sample: Parameters<EquivalenceClasses["add"]>[0][] = [];
  const sites = new Set<string>();
  const stageGroups = new Set<string>();
  const years = new Set<number>();
  const keep = rowFilter(filters);
  // Facets from every row of the boards, so that a filter never hides its own alternatives.
  for await (const batch of filteredBatches(db, boardIds, {})) {
    for (const row of batch) {
      if (row.site) sites.add(row.site);
      if (row.stage_group) stageGroups.add(row.stage_group);
      if (row.decision_year) years.add(row.decision_year);
    }
    for (const row of batch.filter(keep)) {
      classes.add(row);
      // Enough rows that `limit` survive suppression in all but contrived datasets; the rest are only counted.
      if (sample.length < limit * 4) sample.push(row);
    }
  }
  const report = classes.report(k);
  const rows = sample.filter((r) => classes.keeps(r, k)).slice(0, limit).map((r) => projectRow(r, PSEUDONYMISED_COLUMNS));
  const boards = await db.board.findMany({ where: { id: { in: user.boardIds } }, select: { id: true, name: true, slug: true }, orderBy: { name: "asc" } });
  await recordAudit(db, user, {
    action: "dataset.read",
    entityType: "Dataset",
    detail: { boards: boardIds, filters: { ...filters }, rows: report.totalRows, shown: rows.length, suppressed: report.suppressedRows, k },
  });
  return {
    k,
    columns: PSEUDONYMISED_COLUMNS.map((c) => c.name),
    rows,
    report,
    facets: { boards, sites: [...sites].sort(), stageGroups: [...stageGroups].sort(), years: [...years].sort((a, b) => b - a) },
  };
}

/** The data dictionary, from DATASET_COLUMNS. */
export function datasetDictionary() {
  return DATASET_COLUMNS.map((c) => ({
    name: c.name,
    type: c.type,
    unit: c.unit,
    meaning: c.meaning,
    pseudonymised: c.pseudonymised === "keep",
    quasiIdentifier: "quasiIdentifier" in c,
  }));
}
