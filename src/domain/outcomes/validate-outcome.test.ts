import { describe, expect, it } from "vitest";
import { calendarDayIn, normaliseOutcome, outcomeProblems, type OutcomeContext } from "./validate-outcome";

const context: OutcomeContext = { today: "2026-12-05", birthDate: "1960-01-01", deathOn: null, latestOtherEventOn: null };
const treatment = { kind: "TREATMENT" as const, occurredOn: "2026-02-01", treatment: "SURGERY" as const, followedRecommendation: true };
const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe("outcome validation", () => {
  it("accepts a complete treatment", () => {
    expect(outcomeProblems(treatment, context)).toEqual([]);
  });

  it("refuses a date in the future of the user's day, naming today", () => {
    const problems = outcomeProblems({ ...treatment, occurredOn: "2026-12-06" }, context);
    expect(problems).toEqual([{ field: "occurredOn", message: "06 Dec 2026 is in the future (today is 05 Dec 2026)." }]);
  });

  it("refuses an end before the start and a date before birth", () => {
    expect(outcomeProblems({ ...treatment, endedOn: "2026-01-01" }, context)).toEqual([{ field: "endedOn", message: "The treatment cannot end before it started." }]);
    expect(fields(outcomeProblems({ ...treatment, occurredOn: "1959-12-31" }, context))).toEqual(["occurredOn"]);
  });

  it("asks why a recommendation was not followed, and drops the reason when it was", () => {
    expect(outcomeProblems({ ...treatment, followedRecommendation: false }, context)).toEqual([{ field: "deviationReason", message: "Say why the recommendation was not followed." }]);
    expect(outcomeProblems({ ...treatment, followedRecommendation: false, deviationReason: "FITNESS" }, context)).toEqual([]);
    expect(normaliseOutcome({ ...treatment, deviationReason: "FITNESS" }).deviationReason).toBeNull();
    expect(fields(outcomeProblems({ kind: "TREATMENT", occurredOn: "2026-02-01" }, context))).toEqual(["treatment", "followedRecommendation"]);
  });

  it("asks for a disease status with its evidence, and a cause of death", () => {
    expect(fields(outcomeProblems({ kind: "DISEASE_STATUS", occurredOn: "2026-02-01", diseaseStatus: "STABLE" }, context))).toEqual(["evidence"]);
    expect(outcomeProblems({ kind: "DISEASE_STATUS", occurredOn: "2026-02-01", diseaseStatus: "NOT_ASSESSED" }, context)).toEqual([]);
    expect(fields(outcomeProblems({ kind: "DEATH", occurredOn: "2026-02-01" }, context))).toEqual(["causeOfDeath"]);
  });

  it("refuses events after a recorded death, a second death and a death before a recorded event", () => {
    const dead = { ...context, deathOn: "2026-03-01" };
    expect(outcomeProblems({ kind: "ALIVE", occurredOn: "2026-03-02" }, dead)[0]?.message).toBe("The patient died on 01 Mar 2026: nothing can be recorded after that.");
    expect(fields(outcomeProblems({ ...treatment, endedOn: "2026-04-01" }, dead))).toEqual(["endedOn"]);
    expect(outcomeProblems({ kind: "DEATH", occurredOn: "2026-03-01", causeOfDeath: "CANCER" }, dead)[0]?.message).toMatch(/already recorded/);
    expect(fields(outcomeProblems({ kind: "DEATH", occurredOn: "2026-03-01", causeOfDeath: "CANCER" }, { ...context, latestOtherEventOn: "2026-04-01" }))).toEqual(["occurredOn"]);
  });

  it("takes today in the user's time zone", () => {
    const lateEvening = new Date("2026-12-05T23:30:00Z");
    expect(calendarDayIn(lateEvening, "UTC")).toBe("2026-12-05");
    expect(calendarDayIn(lateEvening, "Europe/Berlin")).toBe("2026-12-06");
    expect(calendarDayIn(lateEvening, "Not/AZone")).toBe("2026-12-05");
  });
});

describe("describeOutcome", () => {
  it("writes one line per kind", async () => {
    const { describeOutcome } = await import("./describe-outcome");
    expect(describeOutcome({ kind: "TREATMENT", treatment: "SURGERY", treatmentIntent: "CURATIVE", followedRecommendation: false, deviationReason: "FITNESS" })).toBe(
      "Surgery, curative; did not follow the recommendation (fitness)",
    );
    expect(describeOutcome({ kind: "DISEASE_STATUS", diseaseStatus: "STABLE", evidence: ["IMAGING"] })).toBe("Stable (imaging)");
    expect(describeOutcome({ kind: "DEATH", causeOfDeath: "CANCER" })).toBe("Died (cancer)");
  });
});
