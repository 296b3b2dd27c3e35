import { type AnalysisRow, mainStage } from "@/domain/cohorts/cohort";

/** The values a filter can choose from: those present in the user's dataset, sorted. */
export function analysisChoices(rows: readonly AnalysisRow[]) {
  const distinct = <T>(values: (T | null)[]) => [...new Set(values.filter((v): v is T => v !== null && v !== ""))].sort();
  const stages = distinct(rows.map((r) => r.stage_group));
  const mains = distinct(stages.map((s) => mainStage(s)));
  return {
    boards: distinct(rows.map((r) => r.board)),
    sites: distinct(rows.map((r) => r.site)),
    stageGroups: [...mains, ...stages.filter((s) => !mains.includes(s as never))],
    histologies: distinct(rows.map((r) => r.histology)),
    biomarkers: distinct(rows.flatMap((r) => (r.biomarkers ?? "").split("; ").map((b) => b.split(":")[0]!.trim()))),
    ecog: distinct(rows.map((r) => r.ecog)).sort((a, b) => a - b),
    ageBands: distinct(rows.map((r) => r.age_band)),
    intents: distinct(rows.map((r) => r.intent)),
    modalities: distinct(rows.flatMap((r) => r.modalities?.split(";") ?? [])),
    quarters: distinct(rows.map((r) => r.decision_quarter)),
  };
}

export type AnalysisChoices = ReturnType<typeof analysisChoices>;
