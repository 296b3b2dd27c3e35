import { describe, expect, it } from "vitest";
import { addMonths, checkpointByKey, dueCheckpoints, outcomeCheckpoints, outcomeCompleteness, scheduleProblems, vitalState } from "./schedule";

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (date: Date) => date.toISOString().slice(0, 10);
const settings = { treatmentStartWeeks: 6, followUpMonths: [3, 6, 12] };

describe("outcome schedule", () => {
  it("lays checkpoints out from the day of signing, with windows opening halfway to the previous one", () => {
    const checkpoints = outcomeCheckpoints(d("2026-01-15"), settings);
    expect(checkpoints.map((c) => [c.key, iso(c.dueOn), iso(c.windowStart)])).toEqual([
      ["treatment-start", "2026-02-26", "2026-01-15"],
      ["3m", "2026-04-15", "2026-03-02"],
      ["6m", "2026-07-15", "2026-05-30"],
      ["12m", "2027-01-15", "2026-10-15"],
    ]);
  });

  it("adds calendar months without running into the next month", () => {
    expect(iso(addMonths(d("2026-01-31"), 1))).toBe("2026-02-28");
    expect(iso(addMonths(d("2026-11-30"), 3))).toBe("2027-02-28");
  });

  it("raises nothing before the first checkpoint is due", () => {
    expect(dueCheckpoints(d("2026-01-15"), settings, [], d("2026-02-25"))).toEqual([]);
  });

  it("raises treatment start when due and no treatment is recorded, and stops once one is", () => {
    expect(dueCheckpoints(d("2026-01-15"), settings, [], d("2026-02-26")).map((c) => c.key)).toEqual(["treatment-start"]);
    expect(dueCheckpoints(d("2026-01-15"), settings, [{ kind: "TREATMENT", occurredOn: d("2026-02-01") }], d("2026-03-01"))).toEqual([]);
  });

  it("chases only the latest follow-up checkpoint that has come due, answered by a status in its window", () => {
    const treated = [{ kind: "TREATMENT" as const, occurredOn: d("2026-02-01") }];
    expect(dueCheckpoints(d("2026-01-15"), settings, treated, d("2026-08-01")).map((c) => c.key)).toEqual(["6m"]);
    // A status before the 6-month window opened answers 3 months, not 6.
    expect(dueCheckpoints(d("2026-01-15"), settings, [...treated, { kind: "ALIVE", occurredOn: d("2026-04-20") }], d("2026-08-01")).map((c) => c.key)).toEqual(["6m"]);
    // A late status still answers it.
    expect(dueCheckpoints(d("2026-01-15"), settings, [...treated, { kind: "DISEASE_STATUS", occurredOn: d("2026-07-30") }], d("2026-08-01"))).toEqual([]);
  });

  it("raises nothing for a patient who died or was lost to follow-up, unless seen again later", () => {
    expect(dueCheckpoints(d("2026-01-15"), settings, [{ kind: "DEATH", occurredOn: d("2026-02-01") }], d("2026-08-01"))).toEqual([]);
    const lost = [{ kind: "LOST_TO_FOLLOW_UP" as const, occurredOn: d("2026-03-01") }];
    expect(vitalState(lost)).toBe("LOST");
    expect(dueCheckpoints(d("2026-01-15"), settings, lost, d("2026-08-01"))).toEqual([]);
    expect(vitalState([...lost, { kind: "ALIVE", occurredOn: d("2026-05-01") }])).toBe("FOLLOWED");
  });

  it("finds a task's checkpoint again by its key", () => {
    expect(checkpointByKey(d("2026-01-15"), settings, "6m")?.dueOn).toEqual(d("2026-07-15"));
    expect(checkpointByKey(d("2026-01-15"), settings, "9m")).toBeNull();
  });

  it("validates a board's schedule settings with a message per field", () => {
    expect(scheduleProblems(settings)).toEqual([]);
    expect(scheduleProblems({ treatmentStartWeeks: 0, followUpMonths: [6, 3] }).map((p) => p.field)).toEqual(["treatmentStartWeeks", "followUpMonths"]);
    expect(scheduleProblems({ treatmentStartWeeks: 6, followUpMonths: [] })[0]?.message).toMatch(/at least one/);
    expect(scheduleProblems({ treatmentStartWeeks: 6, followUpMonths: [3, 3] })[0]?.message).toMatch(/once each/);
    expect(scheduleProblems({ treatmentStartWeeks: 6, followUpMonths: [0] })[0]?.message).toMatch(/1 to 240/);
  });

  it("counts completeness over living patients with an outcome in the last six months", () => {
    const today = d("2026-12-01");
    const result = outcomeCompleteness(
      [
        { outcomes: [{ kind: "ALIVE", occurredOn: d("2026-11-01") }] },
        { outcomes: [{ kind: "DISEASE_STATUS", occurredOn: d("2026-01-01") }] },
        { outcomes: [] },
        { outcomes: [{ kind: "DEATH", occurredOn: d("2026-10-01") }] },
        { outcomes: [{ kind: "LOST_TO_FOLLOW_UP", occurredOn: d("2026-10-01") }] },
      ],
      today,
    );
    expect(result).toEqual({ living: 3, withRecentStatus: 1, share: 1 / 3 });
    expect(outcomeCompleteness([], today).share).toBeNull();
  });
});
