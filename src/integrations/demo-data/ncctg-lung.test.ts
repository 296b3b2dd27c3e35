import { describe, expect, it } from "vitest";
import { parseNcctgLung, readNcctgLung } from "./ncctg-lung";

const HEADER = `"inst","time","status","age","sex","ph.ecog","ph.karno","pat.karno","meal.cal","wt.loss"`;

describe("NCCTG lung cohort file", () => {
  it("parses status 2 as a death and NA as unknown", () => {
    const rows = parseNcctgLung(`${HEADER}\n3,306,2,74,1,1,90,100,1175,NA\nNA,455,1,68,2,0,90,90,1225,15\n`);
    expect(rows).toEqual([
      { inst: 3, time: 306, dead: true, age: 74, sex: 1, ecog: 1, karnofskyPhysician: 90, karnofskyPatient: 100, mealCalories: 1175, weightLoss: null },
      { inst: null, time: 455, dead: false, age: 68, sex: 2, ecog: 0, karnofskyPhysician: 90, karnofskyPatient: 90, mealCalories: 1225, weightLoss: 15 },
    ]);
  });

  it("refuses a file it does not recognise", () => {
    expect(() => parseNcctgLung("time,status\n1,2")).toThrow(/unexpected header/);
    expect(() => parseNcctgLung(`${HEADER}\n3,306,3,74,1,1,90,100,1175,NA`)).toThrow(/line 2: time and status/);
    expect(() => parseNcctgLung(`${HEADER}\n3,306,2,old,1,1,90,100,1175,NA`)).toThrow(/line 2: age is not a number/);
  });

  it("reads the 228 patients of the shared demo data", () => {
    const rows = readNcctgLung();
    expect(rows).toHaveLength(228);
    expect(rows.filter((r) => r.dead)).toHaveLength(165);
  });
});
