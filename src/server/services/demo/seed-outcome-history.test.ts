import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { parseNcctg, seededRandom, seedOutcomeHistory } from "./seed-outcome-history";

describe("the demo history's building blocks", () => {
  it("reads the NCCTG CSV: status 2 is a death, sex 2 is female, NA is unknown", () => {
    const csv = `"inst","time","status","age","sex","ph.ecog","ph.karno"\n3,306,2,74,1,1,90\n5,1010,1,56,2,NA,90\n`;
    expect(parseNcctg(csv)).toEqual([
      { timeDays: 306, died: true, age: 74, sex: "MALE", ecog: 1 },
      { timeDays: 1010, died: false, age: 56, sex: "FEMALE", ecog: null },
    ]);
  });

  it("draws the same numbers from the same seed, and others from another", () => {
    const draw = (seed: number) => Array.from({ length: 5 }, seededRandom(seed).next);
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7).every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it("skips the history with a note when the cohort's CSV is missing, touching no table", async () => {
    const untouched = {} as PrismaClient;
    const note = await seedOutcomeHistory(untouched, { now: new Date(), boards: new Map(), chairs: { thoracic: "", breast: "", colorectal: "" }, coordinatorId: "", referrers: { thoracic: "", breast: "", colorectal: "" }, csvPath: "/nonexistent/ncctg-lung.csv" });
    expect(note).toMatch(/no outcome history/);
  });
});
