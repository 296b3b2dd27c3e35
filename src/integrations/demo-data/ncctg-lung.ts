/**
 * Reads the NCCTG lung cancer cohort (outcomes/ncctg-lung.csv of the shared demo data, R's `survival::lung`):
 * 228 patients, time in days, status 1 censored / 2 dead, NA where unknown (kept as null).
 */
import { readFileSync } from "node:fs";
import { sharedDemoDataPath } from "./locate-demo-data";

export interface NcctgLungPatient {
  inst: number | null;
  time: number;
  /** true when the patient died (status 2), false when censored (status 1). */
  dead: boolean;
  age: number | null;
  /** 1 male, 2 female. */
  sex: number | null;
  ecog: number | null;
  karnofskyPhysician: number | null;
  karnofskyPatient: number | null;
  mealCalories: number | null;
  weightLoss: number | null;
}

const COLUMNS = ["inst", "time", "status", "age", "sex", "ph.ecog", "ph.karno", "pat.karno", "meal.cal", "wt.loss"] as const;

/** Parses the CSV text; throws on a header or value it does not expect. */
export function parseNcctgLung(csv: string): NcctgLungPatient[] {
  const lines = csv.split(/\r?\n/).filter((line) => line.trim() !== "");
  const header = lines[0]?.split(",").map((cell) => cell.replace(/"/g, ""));
  if (!header || COLUMNS.some((column, i) => header[i] !== column)) {
    throw new Error(`ncctg-lung.csv: unexpected header ${lines[0] ?? "(empty file)"}`);
  }
  return lines.slice(1).map((line, index) => {
    const cells = line.split(",");
    const value = (column: (typeof COLUMNS)[number]): number | null => {
      const cell = cells[COLUMNS.indexOf(column)]?.trim();
      if (cell === undefined || cell === "NA" || cell === "") return null;
      const number = Number(cell);
      if (!Number.isFinite(number)) throw new Error(`ncctg-lung.csv line ${index + 2}: ${column} is not a number`);
      return number;
    };
    const time = value("time");
    const status = value("status");
    if (time === null || (status !== 1 && status !== 2)) {
      throw new Error(`ncctg-lung.csv line ${index + 2}: time and status (1 or 2) are required`);
    }
    return {
      inst: value("inst"),
      time,
      dead: status === 2,
      age: value("age"),
      sex: value("sex"),
      ecog: value("ph.ecog"),
      karnofskyPhysician: value("ph.karno"),
      karnofskyPatient: value("pat.karno"),
      mealCalories: value("meal.cal"),
      weightLoss: value("wt.loss"),
    };
  });
}

/** The cohort from the shared demo data folder (DEMO_DATA_DIR or ../shared/data). */
export function readNcctgLung(env: Record<string, string | undefined> = process.env, cwd: string = process.cwd()): NcctgLungPatient[] {
  return parseNcctgLung(readFileSync(sharedDemoDataPath(["outcomes", "ncctg-lung.csv"], env, cwd), "utf8"));
}
